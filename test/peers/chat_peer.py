#!/usr/bin/python3
"""
A scripted XMPP user on slixmpp (Debian's python3-slixmpp): a client we did not write, for the Prosody
module's tests. Run with Debian's python3:
    /usr/bin/python3 test/peers/chat_peer.py CONFIG_JSON

CONFIG_JSON: {"jid", "password", "host", "port", "ca", "software": {"name", "version"} or null (answer
XEP-0092 with that, or not at all)}

Commands, one JSON object per line on stdin, each with a "ref" echoed in its answer:
  {"cmd": "send", "to", "body", "id", "type": "chat", "originId", "hints": ["no-store"], "replace": ID,
   "retract": ID, "omemo": true, "ox": true}
  {"cmd": "join", "room", "nick"}          {"cmd": "quit"}
Events, one JSON object per line on stdout: ready, sent, joined, message (inbound), error (a bounced
message: id, type, condition, text), stream-error (condition, text), disconnected.
"""
import asyncio
import json
import logging
import os
import sys
from pathlib import Path

from slixmpp import ClientXMPP
from slixmpp.xmlstream import ET

NS_SID = 'urn:xmpp:sid:0'
NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'
NS_STREAMS = 'urn:ietf:params:xml:ns:xmpp-streams'


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


class ChatPeer(ClientXMPP):
    def __init__(self, cfg):
        super().__init__(cfg['jid'], cfg['password'])
        self.ca_certs = Path(cfg['ca'])
        self.register_plugin('xep_0030')
        self.register_plugin('xep_0045')
        software = cfg.get('software')
        if software:
            self.register_plugin('xep_0092', pconfig={'software_name': software['name'], 'version': software.get('version', '')})
        self.add_event_handler('session_start', self.start)
        self.add_event_handler('message', self.on_message)
        self.add_event_handler('groupchat_message', self.on_message)
        self.add_event_handler('message_error', self.on_error)
        self.add_event_handler('stream_error', self.on_stream_error)
        self.add_event_handler('failed_auth', lambda *_: emit({'event': 'failed-auth'}))

    async def start(self, _event):
        self.send_presence()
        emit({'event': 'ready', 'jid': str(self.boundjid)})
        # Keep a reference: asyncio holds tasks weakly, and a collected task would drop our commands.
        self.commands = asyncio.ensure_future(self.read_commands())

    def on_message(self, msg):
        if msg['type'] == 'error':
            return
        sid = msg.xml.find('{%s}stanza-id' % NS_SID)
        emit({'event': 'message', 'from': str(msg['from']), 'type': msg['type'], 'id': msg['id'], 'body': msg['body'],
              'stanzaId': sid.get('id') if sid is not None else None})

    def on_error(self, msg):
        err = msg['error']
        # Read the condition from the XML: slixmpp's list lacks RFC 6120's policy-violation.
        cond = err['condition']
        el = msg.xml.find('{jabber:client}error')
        if el is not None:
            for child in el:
                if child.tag.startswith('{%s}' % NS_STANZAS) and not child.tag.endswith('}text'):
                    cond = child.tag.split('}')[-1]
        emit({'event': 'error', 'id': msg['id'], 'from': str(msg['from']), 'type': err['type'], 'condition': cond, 'text': err['text']})

    def on_stream_error(self, error):
        cond = None
        text = None
        for child in error.xml:
            tag = child.tag.split('}')[-1]
            if tag == 'text':
                text = child.text
            elif child.tag.startswith('{%s}' % NS_STREAMS):
                cond = tag
        emit({'event': 'stream-error', 'condition': cond, 'text': text})

    async def read_commands(self):
        loop = asyncio.get_event_loop()
        reader = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while True:
            line = await reader.readline()
            if not line:
                self.disconnect()
                return
            cmd = json.loads(line)
            try:
                await self.run(cmd)
            except Exception as e:  # report and keep going
                emit({'event': 'exception', 'ref': cmd.get('ref'), 'error': repr(e)})

    async def run(self, cmd):
        ref = cmd.get('ref')
        if cmd['cmd'] == 'quit':
            self.disconnect()
        elif cmd['cmd'] == 'join':
            await self['xep_0045'].join_muc_wait(cmd['room'], cmd['nick'], maxstanzas=0, timeout=15)
            emit({'event': 'joined', 'ref': ref, 'room': cmd['room']})
        elif cmd['cmd'] == 'send':
            msg = self.make_message(mto=cmd['to'], mbody=cmd.get('body'), mtype=cmd.get('type', 'chat'))
            if cmd.get('id'):
                msg['id'] = cmd['id']
            if cmd.get('originId'):
                msg.append(ET.Element('{%s}origin-id' % NS_SID, {'id': cmd['originId']}))
            for hint in cmd.get('hints', []):
                msg.append(ET.Element('{urn:xmpp:hints}%s' % hint))
            if cmd.get('replace'):
                msg.append(ET.Element('{urn:xmpp:message-correct:0}replace', {'id': cmd['replace']}))
            if cmd.get('retract'):
                msg.append(ET.Element('{urn:xmpp:message-retract:1}retract', {'id': cmd['retract']}))
                msg.append(ET.Element('{urn:xmpp:fallback:0}fallback', {'for': 'urn:xmpp:message-retract:1'}))
            if cmd.get('omemo'):
                enc = ET.Element('{eu.siacs.conversations.axolotl}encrypted')
                header = ET.SubElement(enc, '{eu.siacs.conversations.axolotl}header', {'sid': '12345'})
                ET.SubElement(header, '{eu.siacs.conversations.axolotl}key', {'rid': '67890'}).text = 'MwohBWVuY3J5cHRlZGtleQ=='
                ET.SubElement(header, '{eu.siacs.conversations.axolotl}iv').text = 'aXZpdml2aXZpdml2'
                ET.SubElement(enc, '{eu.siacs.conversations.axolotl}payload').text = 'c2VjcmV0IHBheWxvYWQ='
                msg.append(enc)
                msg.append(ET.Element('{urn:xmpp:eme:0}encryption', {'namespace': 'eu.siacs.conversations.axolotl', 'name': 'OMEMO'}))
            if cmd.get('ox'):
                ET.SubElement(msg.xml, '{urn:xmpp:openpgp:0}openpgp').text = 'LS0tLS1CRUdJTiBQR1AgTUVTU0FHRS0tLS0t'
            msg.send()
            emit({'event': 'sent', 'ref': ref, 'id': msg['id']})


def main():
    cfg = json.loads(sys.argv[1])
    logging.basicConfig(level=logging.ERROR if not os.environ.get('PEER_DEBUG') else logging.DEBUG, stream=sys.stderr)
    peer = ChatPeer(cfg)
    loop = asyncio.get_event_loop()
    done = loop.create_future()
    peer.add_event_handler('disconnected', lambda *_: done.done() or done.set_result(True))
    peer.connect((cfg['host'], int(cfg['port'])))
    loop.run_until_complete(done)
    emit({'event': 'disconnected'})


if __name__ == '__main__':
    main()
