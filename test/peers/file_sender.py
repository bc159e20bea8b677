#!/usr/bin/python3
"""
A real XMPP peer that tries every file-transfer path against a signed-in Approved IM client.

Run with Debian's python3 (python3-slixmpp), not a pyenv interpreter:
    /usr/bin/python3 test/peers/file_sender.py CONFIG_JSON

CONFIG_JSON: {"jid","password","host","port","ca","target" (the client's full JID, or "wait-for-message":
              take it from the first chat message the client sends us),
              "actions": [...], "file": path of a file to offer or upload}
Actions: disco, si, ibb, ibb-message, s5b, oob-iq, jingle, jingle-info, fis, bob-get, oob-message, upload,
sims, sfs, oob-correction, text.

Prints one JSON object per line on stdout: {"action", "outcome", ...}; "ready" first, "done" last.
Trap servers (HTTP for links, TCP for SOCKS5 streamhosts) count every connection the client makes:
the client must never make one.
"""
import asyncio
import json
import logging
import os
import socket
import sys
import uuid
from pathlib import Path

from slixmpp import JID, ClientXMPP
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

NS_JINGLE = 'urn:xmpp:jingle:1'
NS_JINGLE_FT = 'urn:xmpp:jingle:apps:file-transfer:5'
NS_JINGLE_IBB = 'urn:xmpp:jingle:transports:ibb:1'
NS_JINGLE_S5B = 'urn:xmpp:jingle:transports:s5b:1'
NS_STANZAS = 'urn:ietf:params:xml:ns:xmpp-stanzas'
CAPS_NODE = 'https://approved-im.example.gov/caps'


def emit(obj):
    sys.stdout.write(json.dumps(obj) + '\n')
    sys.stdout.flush()


class Traps:
    """An HTTP server and a TCP listener on loopback that record every connection made to them."""

    def __init__(self):
        self.hits = []

    async def start(self):
        async def on_conn(kind, reader, writer):
            self.hits.append(kind)
            try:
                await asyncio.wait_for(reader.read(1024), 1)
                if kind == 'http':
                    writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 8\r\n\r\n%PDF-1.4')
                    await writer.drain()
            except Exception:
                pass
            writer.close()

        self.http = await asyncio.start_server(lambda r, w: on_conn('http', r, w), '127.0.0.1', 0)
        self.tcp = await asyncio.start_server(lambda r, w: on_conn('s5b', r, w), '127.0.0.1', 0)
        self.http_port = self.http.sockets[0].getsockname()[1]
        self.tcp_port = self.tcp.sockets[0].getsockname()[1]


def iq_error(e: IqError):
    err = e.iq['error']
    return {'outcome': 'error', 'type': err['type'], 'condition': err['condition'], 'text': err['text']}


class Peer(ClientXMPP):
    def __init__(self, cfg):
        super().__init__(cfg['jid'], cfg['password'])
        self.cfg = cfg
        self.target = cfg['target']
        self.ca_certs = Path(cfg['ca'])
        self.traps = Traps()
        self.jingle_terminates = asyncio.Queue()
        self.first_message = asyncio.get_event_loop().create_future()
        self.add_event_handler('message', self.on_message)
        for p in ['xep_0030', 'xep_0115', 'xep_0004', 'xep_0047', 'xep_0065', 'xep_0066', 'xep_0095', 'xep_0096', 'xep_0363']:
            self.register_plugin(p)
        # The SOCKS5 plugin would otherwise ask the server for proxies; we offer our own trap streamhost.
        self['xep_0065']._proxies = {}
        self.register_handler(Callback('jingle', MatchXPath('{jabber:client}iq/{%s}jingle' % NS_JINGLE), self.on_jingle))
        self.add_event_handler('session_start', self.start)
        self.add_event_handler('failed_auth', lambda *_: (emit({'action': 'login', 'outcome': 'failed-auth'}), self.disconnect()))

    def on_message(self, msg):
        if msg['type'] in ('chat', 'normal') and msg['body'] and not self.first_message.done():
            self.first_message.set_result(msg['from'].full)

    def on_jingle(self, iq):
        jingle = iq.xml.find('{%s}jingle' % NS_JINGLE)
        reason = jingle.find('{%s}reason' % NS_JINGLE)
        conditions = [c.tag.split('}')[1] for c in reason] if reason is not None else []
        # Acknowledge, as XEP-0166 requires.
        reply = iq.reply()
        reply.clear()
        reply.send()
        self.jingle_terminates.put_nowait({'jingleAction': jingle.get('action'), 'sid': jingle.get('sid'), 'from': str(iq['from']), 'reasons': conditions})

    async def start(self, _event):
        await self.traps.start()
        self.send_presence()
        emit({'action': 'ready', 'jid': str(self.boundjid), 'httpTrap': self.traps.http_port, 'tcpTrap': self.traps.tcp_port})
        if self.target == 'wait-for-message':
            self.target = await asyncio.wait_for(self.first_message, float(self.cfg.get('timeout', 90)))
            emit({'action': 'target', 'jid': self.target})
        for action in self.cfg['actions']:
            try:
                result = await getattr(self, 'do_' + action.replace('-', '_'))()
            except IqError as e:
                result = iq_error(e)
            except IqTimeout:
                result = {'outcome': 'timeout'}
            except Exception as e:  # report, keep going
                result = {'outcome': 'exception', 'error': repr(e)}
            emit({'action': action, **result})
        await asyncio.sleep(1.5)  # give the client time to misbehave (fetch, connect) before counting
        emit({'action': 'done', 'trapHits': self.traps.hits})
        self.disconnect()

    # -- queries --------------------------------------------------------------------------------

    async def do_disco(self):
        info = await self['xep_0030'].get_info(jid=self.target, timeout=10)
        features = sorted(info['disco_info']['features'])
        ver = self['xep_0115'].generate_verstring(info['disco_info'], 'sha-1')
        # A client answers a query for its own caps node only when the hash matches what it advertises.
        node_result = None
        try:
            by_node = await self['xep_0030'].get_info(jid=self.target, node='%s#%s' % (CAPS_NODE, ver), timeout=10)
            node_result = sorted(by_node['disco_info']['features'])
        except IqError as e:
            node_result = iq_error(e)
        return {'outcome': 'result', 'features': features, 'identities': [list(i) for i in info['disco_info']['identities']], 'ver': ver, 'nodeFeatures': node_result}

    # -- iq offers: the answer must be an error ------------------------------------------------

    async def do_si(self):
        # slixmpp 1.8.3's xep_0095 offer() fails building its form (FormField.add_option), so the same
        # XEP-0095/0096 offer is built here with the XEP-0020 form written out.
        f = Path(self.cfg['file'])
        iq = self.Iq()
        iq['type'] = 'set'
        iq['to'] = self.target
        si = ET.Element('{http://jabber.org/protocol/si}si', {'id': uuid.uuid4().hex, 'mime-type': 'application/pdf', 'profile': 'http://jabber.org/protocol/si/profile/file-transfer'})
        fl = ET.SubElement(si, '{http://jabber.org/protocol/si/profile/file-transfer}file', {'name': f.name, 'size': str(f.stat().st_size)})
        ET.SubElement(fl, '{http://jabber.org/protocol/si/profile/file-transfer}desc').text = 'Quarterly report'
        feature = ET.SubElement(si, '{http://jabber.org/protocol/feature-neg}feature')
        form = ET.SubElement(feature, '{jabber:x:data}x', {'type': 'form'})
        field = ET.SubElement(form, '{jabber:x:data}field', {'var': 'stream-method', 'type': 'list-single'})
        for method in ['http://jabber.org/protocol/bytestreams', 'http://jabber.org/protocol/ibb']:
            ET.SubElement(ET.SubElement(field, '{jabber:x:data}option'), '{jabber:x:data}value').text = method
        iq.append(si)
        await iq.send(timeout=10)
        return {'outcome': 'accepted'}

    async def do_ibb(self):
        await self['xep_0047'].open_stream(self.target, timeout=10)
        return {'outcome': 'accepted'}

    async def do_ibb_message(self):
        # IBB data sent over messages without an open session (the client must ignore it).
        msg = self.make_message(mto=self.target)
        data = ET.Element('{http://jabber.org/protocol/ibb}data', {'sid': uuid.uuid4().hex, 'seq': '0'})
        data.text = 'JVBERi0xLjQKJcfsj6IKNSAwIG9iago='
        msg.append(data)
        msg.send()
        return {'outcome': 'sent'}

    async def do_s5b(self):
        iq = self.Iq()
        iq['type'] = 'set'
        iq['to'] = self.target
        iq['socks']['sid'] = uuid.uuid4().hex
        iq['socks'].add_streamhost(self.boundjid.full, '127.0.0.1', str(self.traps.tcp_port))
        await iq.send(timeout=10)
        return {'outcome': 'accepted'}

    async def do_oob_iq(self):
        await self['xep_0066'].send_oob(self.target, 'http://127.0.0.1:%d/file_share/%s/report.pdf' % (self.traps.http_port, uuid.uuid4()), desc='report', timeout=10)
        return {'outcome': 'accepted'}

    async def do_jingle(self):
        f = Path(self.cfg['file'])
        sid = uuid.uuid4().hex
        iq = self.Iq()
        iq['type'] = 'set'
        iq['to'] = self.target
        jingle = ET.Element('{%s}jingle' % NS_JINGLE, {'action': 'session-initiate', 'initiator': self.boundjid.full, 'sid': sid})
        content = ET.SubElement(jingle, '{%s}content' % NS_JINGLE, {'creator': 'initiator', 'name': 'a-file-offer', 'senders': 'initiator'})
        desc = ET.SubElement(content, '{%s}description' % NS_JINGLE_FT)
        file_el = ET.SubElement(desc, '{%s}file' % NS_JINGLE_FT)
        ET.SubElement(file_el, '{%s}media-type' % NS_JINGLE_FT).text = 'application/pdf'
        ET.SubElement(file_el, '{%s}name' % NS_JINGLE_FT).text = f.name
        ET.SubElement(file_el, '{%s}size' % NS_JINGLE_FT).text = str(f.stat().st_size)
        transport = ET.SubElement(content, '{%s}transport' % NS_JINGLE_S5B, {'sid': uuid.uuid4().hex, 'mode': 'tcp'})
        ET.SubElement(transport, '{%s}candidate' % NS_JINGLE_S5B, {'cid': 'c1', 'host': '127.0.0.1', 'jid': self.boundjid.full, 'port': str(self.traps.tcp_port), 'priority': '8257536', 'type': 'direct'})
        iq.append(jingle)
        ack = await iq.send(timeout=10)
        try:
            term = await asyncio.wait_for(self.jingle_terminates.get(), 10)
        except asyncio.TimeoutError:
            return {'outcome': 'acked-no-terminate', 'ackType': ack['type']}
        return {'outcome': 'terminated', 'ackType': ack['type'], 'sidMatches': term['sid'] == sid, **term}

    async def raw_iq(self, itype, element):
        iq = self.Iq()
        iq['type'] = itype
        iq['to'] = self.target
        iq.append(element)
        await iq.send(timeout=10)
        return {'outcome': 'accepted'}

    async def do_fis(self):
        # XEP-0329: ask the client for its shared files.
        return await self.raw_iq('get', ET.Element('{urn:xmpp:fis:1}query'))

    async def do_bob_get(self):
        # XEP-0231: ask the client for a piece of binary data.
        return await self.raw_iq('get', ET.Element('{urn:xmpp:bob}data', {'cid': 'sha1+8f35fef110ffc5df08d579a50083ff9308fb6242@bob.xmpp.org'}))

    async def do_jingle_info(self):
        # A Jingle action for a session the client never had.
        return await self.raw_iq('set', ET.Element('{%s}jingle' % NS_JINGLE, {'action': 'transport-info', 'sid': uuid.uuid4().hex}))

    # -- messages: shown as text with the notice, never fetched ---------------------------------

    def trap_url(self, name):
        return 'http://127.0.0.1:%d/file_share/%s/%s' % (self.traps.http_port, uuid.uuid4(), name)

    async def do_oob_message(self):
        url = self.trap_url('minutes.pdf')
        msg = self.make_message(mto=self.target, mbody=url, mtype='chat')
        msg['oob']['url'] = url
        msg['oob']['desc'] = 'minutes'
        msg.send()
        return {'outcome': 'sent', 'body': url}

    async def do_upload(self):
        f = Path(self.cfg['file'])
        # slixmpp 1.8.3's service discovery passes coroutines to asyncio.wait (refused by Python 3.11):
        # name the service (Prosody's upload component) instead.
        self['xep_0363'].upload_service = JID('upload.' + self.boundjid.domain)
        self['xep_0363'].max_file_size = float('+inf')
        url = await self['xep_0363'].upload_file(f, content_type='application/pdf', timeout=10)
        body = url
        msg = self.make_message(mto=self.target, mbody=body, mtype='chat')
        msg['oob']['url'] = url
        msg.send()
        return {'outcome': 'sent', 'body': body, 'url': url}

    async def do_sims(self):
        url = self.trap_url('photo.jpg')
        body = 'photo from the site visit'
        msg = self.make_message(mto=self.target, mbody=body, mtype='chat')
        ref = ET.Element('{urn:xmpp:reference:0}reference', {'type': 'data', 'begin': '0', 'end': str(len(body))})
        ms = ET.SubElement(ref, '{urn:xmpp:sims:1}media-sharing')
        fl = ET.SubElement(ms, '{%s}file' % NS_JINGLE_FT)
        ET.SubElement(fl, '{%s}media-type' % NS_JINGLE_FT).text = 'image/jpeg'
        ET.SubElement(fl, '{%s}name' % NS_JINGLE_FT).text = 'photo.jpg'
        ET.SubElement(fl, '{%s}size' % NS_JINGLE_FT).text = '12345'
        sources = ET.SubElement(ms, '{urn:xmpp:sims:1}sources')
        ET.SubElement(sources, '{urn:xmpp:reference:0}reference', {'type': 'data', 'uri': url})
        msg.append(ref)
        msg.send()
        return {'outcome': 'sent', 'body': body}

    async def do_sfs(self):
        url = self.trap_url('plan.docx')
        body = 'the plan'
        msg = self.make_message(mto=self.target, mbody=body, mtype='chat')
        fs = ET.Element('{urn:xmpp:sfs:0}file-sharing', {'disposition': 'attachment'})
        fl = ET.SubElement(fs, '{urn:xmpp:file:metadata:0}file')
        ET.SubElement(fl, '{urn:xmpp:file:metadata:0}media-type').text = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
        ET.SubElement(fl, '{urn:xmpp:file:metadata:0}name').text = 'plan.docx'
        ET.SubElement(fl, '{urn:xmpp:file:metadata:0}size').text = '4096'
        sources = ET.SubElement(fs, '{urn:xmpp:sfs:0}sources')
        ET.SubElement(sources, '{http://jabber.org/protocol/url-data}url-data', {'target': url})
        msg.append(fs)
        msg.send()
        return {'outcome': 'sent', 'body': body}

    async def do_oob_correction(self):
        # XEP-0308: a harmless message, then a correction that turns it into a file link with OOB.
        first = self.make_message(mto=self.target, mbody='draft coming', mtype='chat')
        first['id'] = uuid.uuid4().hex
        first.send()
        await asyncio.sleep(0.3)
        url = self.trap_url('corrected.pdf')
        fix = self.make_message(mto=self.target, mbody=url, mtype='chat')
        fix.append(ET.Element('{urn:xmpp:message-correct:0}replace', {'id': first['id']}))
        fix['oob']['url'] = url
        fix.send()
        return {'outcome': 'sent', 'body': url, 'originalId': first['id']}

    async def do_text(self):
        body = 'plain text from the peer'
        self.send_message(mto=self.target, mbody=body, mtype='chat')
        return {'outcome': 'sent', 'body': body}


def main():
    cfg = json.loads(sys.argv[1])
    logging.basicConfig(level=logging.ERROR if not os.environ.get('PEER_DEBUG') else logging.DEBUG, stream=sys.stderr)
    peer = Peer(cfg)
    peer.connect((cfg['host'], int(cfg['port'])))
    loop = asyncio.get_event_loop()
    done = loop.create_future()
    peer.add_event_handler('disconnected', lambda *_: done.done() or done.set_result(True))
    loop.run_until_complete(asyncio.wait_for(done, float(cfg.get('timeout', 90))))


if __name__ == '__main__':
    main()
