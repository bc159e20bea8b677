-- Test-only Prosody module: server-to-server connections to the domains named in `test_s2s_loopback`
-- ({ "other.test=127.0.0.1:34567", … }) go to that loopback address and port instead of the address DNS
-- would give. Everything else of s2s is real: TCP, STARTTLS, dialback (both servers connect to each
-- other), stanza routing and mod_s2s's checks of the sender's domain.
--
-- Why: Prosody finds another server by DNS (SRV _xmpp-server._tcp, then A/AAAA). Prosody 0.12 has no
-- option to pin a domain to an address (the community mod_s2sout_override does this), its built-in
-- resolver reads only /etc/resolv.conf (not /etc/hosts), and the test machine's DNS cannot be changed
-- by a test. Used by test/integration/prosodyModuleFederation.test.ts through test/support/prosody.ts.

local service = require "net.resolvers.service";
local manual = require "net.resolvers.manual";

local targets = {};
for _, entry in ipairs(module:get_option_array("test_s2s_loopback", {})) do
	local domain, ip, port = entry:match("^([^=]+)=([%d.]+):(%d+)$");
	if domain then targets[domain] = { ip = ip, port = tonumber(port) }; end
end

-- One wrapper per process, however many hosts load the module; the table of targets is shared.
local shared = module:shared("/*/test_s2s_loopback/targets");
for domain, target in pairs(targets) do shared[domain] = target; end

if not service.test_s2s_loopback_original then
	local original = service.new;
	service.test_s2s_loopback_original = original;
	service.new = function (hostname, service_name, protocol, extra)
		local target = shared[hostname];
		if target and service_name == "xmpp-server" then
			module:log("debug", "s2s to %s goes to %s:%d (test_s2s_loopback)", hostname, target.ip, target.port);
			return manual.new({ { "tcp4", target.ip, target.port, extra } }, "tcp", extra);
		elseif target and service_name == "xmpps-server" then
			return manual.new({}, "tcp", extra); -- no direct-TLS s2s port in the tests
		end
		return original(hostname, service_name, protocol, extra);
	end;
end
