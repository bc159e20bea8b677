// xmpp.js parts the retention server's own XMPP account uses (server/xmppAccount.ts); they ship no types.
declare module '@xmpp/sasl';
declare module '@xmpp/sasl-scram-sha-1';
declare module 'saslmechanisms';
