/**
 * User text that went through the outbound path (policy → DLP gate → journal). Every stanza builder that
 * carries user text takes this type, and only `main/core/outbound/` mints it (ESLint forbids the cast
 * anywhere else, and forbids `sendRaw` outside `xmpp/`), so user text has no other way onto the wire.
 */
declare const clearedBrand: unique symbol;
export type ClearedText = string & { readonly [clearedBrand]: true };
