-- Test-only Prosody module: a stand-in for the one thing mod_approved_im takes from a SASL2 module.
--
-- Newer prosody-modules' mod_sasl2 (XEP-0388; Prosody 0.12 has no SASL2 of its own, and the snapshot Debian
-- packages does not do this) keeps the client's <user-agent/> as session.sasl_handler.user_agent = { software, device } and then
-- fires "sasl2/c2s/success" with { session }. This module does the same for the users named in
-- `test_sasl2_user_agents` ({ "erin=Approved IM 1.4.2|Workstation 42", … }), right after an ordinary
-- SASL sign-in, so the module's reading of that hand-off runs in a real Prosody with real sessions.
-- Real SASL2 is tested in prosodyModuleSasl2Real.test.ts. Used by test/integration/prosodyModuleSasl2.test.ts.

local agents = {};
for _, entry in ipairs(module:get_option_array("test_sasl2_user_agents", {})) do
	local user, software, device = entry:match("^([^=]+)=([^|]*)|?(.*)$");
	if user then agents[user] = { software = software, device = device ~= "" and device or nil }; end
end

module:hook("authentication-success", function (event)
	local session = event.session;
	local agent = agents[session.username];
	if not agent or not session.sasl_handler then return; end
	session.sasl_handler.user_agent = { software = agent.software, device = agent.device };
	module:fire_event("sasl2/c2s/success", { session = session });
end, 10);
