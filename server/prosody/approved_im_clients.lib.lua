-- Which software each new session runs: mod_approved_im asks every c2s session for its software version
-- (XEP-0092) as soon as it binds a resource, or takes the SASL2 user-agent where a SASL2 module (prosody-modules mod_sasl2) recorded
-- one, reports it to the retention server, and in "enforce" mode closes sessions that do not identify as
-- an approved client and version. Loaded with module:require("approved_im_clients").

local st = require "util.stanza";
local new_id = require "util.id".medium;

local xmlns_version = "jabber:iq:version";

local M = {};

-- Seconds to wait for a session's initial presence before asking its software version anyway.
M.ASK_DELAY = 2;

-- "Approved IM" or "Approved IM >= 1.4.0" → { name, min }
function M.parse_approved(list)
	local out = {};
	for _, entry in ipairs(list) do
		local name, min = tostring(entry):match("^(.-)%s*>=%s*(%S+)%s*$");
		out[#out + 1] = { name = name or tostring(entry), min = min };
	end
	return out;
end

local function version_parts(v)
	local parts = {};
	for n in tostring(v or ""):gmatch("%d+") do parts[#parts + 1] = tonumber(n); end
	return parts;
end

-- a >= b, comparing dotted numbers (missing parts count as 0).
function M.version_at_least(a, b)
	local pa, pb = version_parts(a), version_parts(b);
	if #pa == 0 then return false; end
	for i = 1, math.max(#pa, #pb) do
		local x, y = pa[i] or 0, pb[i] or 0;
		if x ~= y then return x > y; end
	end
	return true;
end

function M.is_approved(approved, name, version)
	if not name then return false; end
	for _, a in ipairs(approved) do
		if a.name == name and (a.min == nil or M.version_at_least(version, a.min)) then return true; end
	end
	return false;
end

-- opts: mode ("report" | "enforce"), approved (parsed list), timeout, report(data), now() (ISO time), log
function M.new(opts)
	local approved_names = {};
	for _, a in ipairs(opts.approved) do
		approved_names[#approved_names + 1] = a.min and (a.name .. " " .. a.min .. " or later") or a.name;
	end
	local close_text = "This server accepts only approved client software (" .. table.concat(approved_names, ", ")
		.. "), under policy 630-04. Sign in with the agency's approved client.";

	local function decide(session, software, method)
		if session.destroyed then return; end
		local identified = software ~= nil and software.name ~= nil;
		local ok = identified and M.is_approved(opts.approved, software.name, software.version);
		local action = "reported";
		if not ok and opts.mode == "enforce" then action = "closed"; end
		session.approved_im_client = { name = software and software.name, version = software and software.version, approved = ok };
		opts.report({
			id = new_id() .. new_id();
			at = opts.now();
			jid = session.full_jid;
			host = module.host;
			name = software and software.name or nil;
			version = software and software.version or nil;
			os = software and software.os or nil;
			method = method;
			identified = identified;
			approved = ok;
			mode = opts.mode;
			action = action;
		});
		if action == "closed" then
			opts.log("info", "approved_im: closing session %s: client %q %q is not approved", session.full_jid,
				tostring(software and software.name), tostring(software and software.version));
			session:close({ condition = "policy-violation", text = close_text });
		end
	end

	-- A version the approved list asks for, for this name (XEP-0388 user-agents carry no version).
	local function needs_version(name)
		for _, a in ipairs(opts.approved) do
			if a.name == name and a.min then return true; end
		end
		return false;
	end

	local function ask(session)
		if session.approved_im_asked or session.destroyed then return; end
		session.approved_im_asked = true;
		local ua = session.approved_im_sasl2_user_agent;
		local iq = st.iq({ type = "get", id = "aim-version-" .. new_id(), from = module.host, to = session.full_jid })
			:query(xmlns_version);
		module:send_iq(iq, nil, opts.timeout):next(function (event)
			local q = event.stanza:get_child("query", xmlns_version);
			local name = q and q:get_child_text("name");
			decide(session, { name = name, version = q and q:get_child_text("version"), os = q and q:get_child_text("os") }, "xep-0092");
		end, function (err)
			if ua then decide(session, ua, "sasl2"); return; end
			decide(session, nil, "xep-0092 (" .. tostring(err and err.condition or "no answer") .. ")");
		end);
	end

	-- On resource binding. The XEP-0092 query waits for the session's initial presence (see
	-- initial_presence), or ASK_DELAY seconds for a session that sends none: a query sent right at binding
	-- races the client's stream-management <enable/>, and some clients (@xmpp/client among them) then
	-- count it as handled, ack one stanza too many and are disconnected by mod_smacks.
	local function identify(session)
		-- The SASL2 (XEP-0388) user-agent, when a SASL2 module is loaded (Prosody 0.12 has none; see
		-- M.capture_sasl2_user_agent). "Name 1.2.3" is split into name and version.
		local ua = session.approved_im_sasl2_user_agent;
		if ua and (ua.version or not needs_version(ua.name)) then
			session.approved_im_asked = true;
			decide(session, ua, "sasl2");
			return;
		end
		module:add_timer(opts.ask_delay or M.ASK_DELAY, function () ask(session); end);
	end

	local function initial_presence(session)
		if session.type == "c2s" and session.full_jid then ask(session); end
	end

	return { identify = identify, initial_presence = initial_presence, close_text = close_text };
end

-- The <user-agent/> of a SASL2 <authenticate/> (XEP-0388: <software/>, <device/>), as the client sent it.
-- Newer prosody-modules' mod_sasl2 keep it as session.sasl_handler.user_agent; the snapshot packaged in
-- Debian 12 keeps only its id. So the module reads the element itself, before mod_sasl2 handles it, and
-- trusts it only once that authentication succeeds (M.capture_sasl2_user_agent).
function M.note_sasl2_authenticate(event)
	local session, auth = event.origin, event.stanza;
	local ua = session and auth and auth:get_child("user-agent");
	if not ua then return; end
	session.approved_im_sasl2_offered = { software = ua:get_child_text("software"), device = ua:get_child_text("device") };
end

-- On "sasl2/c2s/success", before mod_sasl2 drops the handler (priority -2000), whether the resource is
-- bound inline (bind2) or afterwards. "Name 1.2.3" is split into name and version.
function M.capture_sasl2_user_agent(event)
	local session = event.session;
	if not session then return; end
	local handler = session.sasl_handler;
	local ua = type(handler) == "table" and handler.user_agent;
	if type(ua) ~= "table" then ua = session.approved_im_sasl2_offered; end
	session.approved_im_sasl2_offered = nil;
	if type(ua) ~= "table" or type(ua.software) ~= "string" or ua.software == "" then return; end
	local name, version = ua.software:match("^(.-)%s+v?(%d[%w.%-]*)$");
	session.approved_im_sasl2_user_agent = { name = name or ua.software, version = version, os = ua.device };
end

return M;
