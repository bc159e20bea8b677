-- Test-only Prosody module: lets Debian's packaged prosody-modules mod_sasl2 (snapshot hg 2023-02-23,
-- written against Prosody trunk) run on Debian's Prosody 0.12.
--
-- That mod_sasl2 asks the connection for conn:ssl_info() while offering channel binding; Prosody 0.12's
-- net.server_epoll connections have no such method (trunk added it), so every TLS stream's features
-- failed with a Lua error. This adds the method, answering what trunk's does: LuaSec's info() of the
-- connection's TLS socket. Nothing else of SASL2 is touched: mod_sasl2 itself negotiates.
-- Used by test/integration/prosodyModuleSasl2Real.test.ts.

module:hook("stream-features", function (event)
	local conn = event.origin and event.origin.conn;
	if not conn or conn.ssl_info then return; end
	local mt = getmetatable(conn);
	local methods = mt and type(mt.__index) == "table" and mt.__index;
	if not methods then return; end
	methods.ssl_info = function (self)
		local sock = self:socket();
		return sock and sock.info and sock:info() or nil;
	end;
end, 1000);
