-- mod_approved_im: the XMPP server's half of Approved IM (State IT Policy 630-04).
--
--  * Server tap: every message with a body (and every correction and retraction) that this host routes
--    — one-to-one local and federated, both directions, and, on the MUC component, once per room
--    message — is queued in Prosody's storage and posted to the retention server with the sender and
--    recipient as the server authenticated them, the server's stanza-id, the time and the body.
--  * Policy: file-transfer negotiation and upload slot requests are refused for every client;
--    end-to-end-encrypted payloads are bounced; message-processing hints never stop the tap.
--  * Clients: each new session is asked which software it runs; "report" or "enforce".
--
-- Enable on the VirtualHost and on the MUC component: modules_enabled = { …, "approved_im" }.
-- Options: approved_im_retention_url, approved_im_retention_token, approved_im_retention_ca,
-- approved_im_clients ("report" | "enforce"), approved_im_queue_limit, approved_im_queue_full
-- ("alert" | "refuse"), approved_im_approved_clients, approved_im_version_timeout, approved_im_retry_max,
-- approved_im_queue_commit_max, approved_im_queue_commit_delay, approved_im_queue_segment.
-- See docs/prosody-module.md.

local jid_bare = require "util.jid".bare;
local jid_host = require "util.jid".host;
local jid_resource = require "util.jid".resource;
local new_id = require "util.id".medium;
local time_now = require "util.time".now;

-- ISO 8601 UTC with milliseconds (util.datetime in 0.12 takes whole seconds only). The date and time to the
-- second are formatted once per second.
local last_second, second_prefix = nil, nil;
local function iso_now()
	local t = time_now();
	local s = math.floor(t);
	if s ~= last_second then last_second, second_prefix = s, os.date("!%Y-%m-%dT%H:%M:%S", s); end
	return ("%s.%03dZ"):format(second_prefix, math.floor((t - s) * 1000));
end

local queue_lib = module:require("approved_im_queue");
local policy = module:require("approved_im_policy");
local clients_lib = module:require("approved_im_clients");
local json_lib = module:require("approved_im_json");

local xmlns_st_id = "urn:xmpp:sid:0";
local xmlns_hints = "urn:xmpp:hints";

-- An option that must be one of a few words (Prosody 0.12 has no get_option_enum).
local function option_enum(name, default, ...)
	local value = module:get_option_string(name, default);
	for _, allowed in ipairs({ default, ... }) do
		if value == allowed then return value; end
	end
	error(("approved_im: %s must be one of %s, not %q"):format(name, table.concat({ default, ... }, ", "), value));
end

local retention_url = module:get_option_string("approved_im_retention_url");
local retention_token = module:get_option_string("approved_im_retention_token");
local retention_ca = module:get_option_path("approved_im_retention_ca");
local clients_mode = option_enum("approved_im_clients", "report", "enforce");
local queue_limit = module:get_option_number("approved_im_queue_limit", 5000);
local queue_full = option_enum("approved_im_queue_full", "alert", "refuse");
local approved_clients = module:get_option_array("approved_im_approved_clients", { "Approved IM" });
local version_timeout = module:get_option_number("approved_im_version_timeout", 10);
local retry_max = module:get_option_number("approved_im_retry_max", 30);
local commit_max = module:get_option_number("approved_im_queue_commit_max", 64);
local commit_delay = module:get_option_number("approved_im_queue_commit_delay", 0.01);
local segment_max = module:get_option_number("approved_im_queue_segment", 1000);

if not retention_url or not retention_token then
	module:log("error", "approved_im needs approved_im_retention_url and approved_im_retention_token; messages are not being retained");
	error("approved_im: approved_im_retention_url and approved_im_retention_token must be set");
end
retention_url = retention_url:gsub("/+$", "");

local host = module.host;
local is_component = module:get_host_type() == "component";
local device_id = "xmpp-server:" .. host;

-- Per-host sequence number of tapped records (the retention server reports gaps per device).
local state = module:open_store("approved_im_state", "keyval");
local seq = 0;
do
	local saved = state:get("sequence");
	if type(saved) == "table" and tonumber(saved.seq) then seq = tonumber(saved.seq); end
end

local queue = queue_lib.new({
	url = retention_url;
	token = retention_token;
	ca = retention_ca;
	limit = queue_limit;
	retry_max = retry_max;
	commit_max = commit_max;
	commit_delay = commit_delay;
	-- Every field a record can have, in the order it is written.
	encoders = { record = json_lib.encoder({ "id", "seq", "host", "path", "kind", "type", "from", "to", "room", "nick",
		"messageId", "originId", "stanzaId", "stanzaIdBy", "replaces", "time", "body", "hints" }) };
	segment_max = segment_max;
	log = function (...) return module:log(...); end;
	-- Saved with the queue position after each delivery (one state write per batch).
	sequence = function () return seq; end;
});
if (queue.saved_sequence() or 0) > seq then seq = queue.saved_sequence(); end
if (queue.max_pending_seq() or 0) > seq then seq = queue.max_pending_seq(); end

module:log("info", "approved_im: retaining to %s as %s (clients: %s, queue limit %d, when full: %s)",
	retention_url, device_id, clients_mode, queue_limit, queue_full);

-- What a message is for the record: kind, the id it replaces, and its body; or nil when it is not retained.
local function classify(stanza)
	if stanza.attr.type == "error" then return nil; end
	local body = stanza:get_child_text("body");
	local retract1 = stanza:get_child("retract", "urn:xmpp:message-retract:1");
	if retract1 then return "retraction", retract1.attr.id, body; end
	local fasten = stanza:get_child("apply-to", "urn:xmpp:fasten:0");
	if fasten and fasten:get_child("retract", "urn:xmpp:message-retract:0") then return "retraction", fasten.attr.id, body; end
	if not body then return nil; end
	local replace = stanza:get_child("replace", "urn:xmpp:message-correct:0");
	if replace then return "correction", replace.attr.id, body; end
	return "message", nil, body;
end

-- (Plain loops over stanza.tags: childtags() would allocate an iterator per message.)
local function server_stanza_id(stanza, by)
	local tags = stanza.tags;
	for i = 1, #tags do
		local tag = tags[i];
		if tag.name == "stanza-id" and tag.attr.xmlns == xmlns_st_id and (by == nil or tag.attr.by == by) then
			return tag.attr.id, tag.attr.by;
		end
	end
	return nil;
end

-- The processing hints, space-separated, or nil.
local function hints_of(stanza)
	local list;
	local tags = stanza.tags;
	for i = 1, #tags do
		if tags[i].attr.xmlns == xmlns_hints then
			list = list or {};
			list[#list + 1] = tags[i].name;
		end
	end
	return list and table.concat(list, " ") or nil;
end

-- One record table, refilled for every message (every field is assigned each time) and encoded at once,
-- so a tapped message allocates no table of its own.
local scratch = {};

-- Queue one routed message. path: "local" | "s2s-in" | "s2s-out" | "muc".
-- stanza_id_by: whose stanza-id is the server's (the recipient's archive, or the room); extra: for rooms,
-- { from, to, room, nick }.
local function tap(stanza, path, stanza_id_by, extra)
	local kind, replaces, body = classify(stanza);
	if not kind then return; end
	local sid, sid_by = server_stanza_id(stanza, stanza_id_by);
	seq = seq + 1;
	local origin_id = stanza:get_child("origin-id", xmlns_st_id);
	local record = scratch;
	-- The idempotency key: the server's stanza-id when it gave one, else an id minted now (kept in the queue).
	record.id = sid or ("aim-" .. new_id() .. new_id());
	record.seq = seq;
	record.host = host;
	record.path = path;
	record.kind = kind;
	record.type = stanza.attr.type or "normal";
	record.from = extra and extra.from or stanza.attr.from;
	record.to = extra and extra.to or stanza.attr.to or jid_bare(stanza.attr.from);
	record.room = extra and extra.room or nil;
	record.nick = extra and extra.nick or nil;
	record.messageId = stanza.attr.id;
	record.originId = origin_id and origin_id.attr.id or nil;
	record.stanzaId = sid;
	record.stanzaIdBy = sid_by;
	record.replaces = replaces;
	record.time = iso_now();
	record.body = body or "";
	record.hints = hints_of(stanza);
	queue.push("record", record);
end

-- The tap never stops routing: a failure is logged (without the body) and the message goes on.
local function safe_tap(stanza, path, stanza_id_by, extra)
	local ok, err = pcall(tap, stanza, path, stanza_id_by, extra);
	if not ok then module:log("error", "approved_im: could not queue a %s message: %s", path, tostring(err)); end
end

local function queue_refuses(stanza)
	return queue_full == "refuse" and queue.over_limit() and classify(stanza) ~= nil;
end

-- Policy on a message: bounce it (and return true) when it is encrypted, carries file data, or the
-- queue is over its limit in "refuse" mode.
local function check_message(event)
	local stanza = event.stanza;
	if stanza.attr.type == "error" then return; end
	local e2ee = policy.e2ee_kind(stanza);
	if e2ee then
		module:log("info", "approved_im: bounced an end-to-end-encrypted message (%s) from %s", e2ee, tostring(stanza.attr.from));
		module:send(policy.bounce_message(stanza, "policy-violation", "modify", policy.E2EE_TEXT));
		return true;
	end
	local ft = policy.file_transfer_message(stanza);
	if ft then
		module:send(policy.bounce_message(stanza, "not-acceptable", "cancel", policy.FILE_TRANSFER_TEXT));
		return true;
	end
	if queue_refuses(stanza) then
		module:send(policy.bounce_message(stanza, "resource-constraint", "wait",
			"The message archive is behind, so this server is not accepting messages until it catches up (policy 630-04). Try again later."));
		return true;
	end
end

local function check_iq(event)
	local condition, err_type, protocol = policy.file_transfer_iq(event.stanza);
	if not condition then return; end
	module:log("info", "approved_im: refused %s from %s", protocol, tostring(event.stanza.attr.from));
	module:send(policy.refuse_iq(event.stanza, condition, err_type, policy.FILE_TRANSFER_TEXT));
	return true;
end

if is_component then
	-- The MUC component: policy on everything sent to rooms, then one record per room message.
	module:hook("message/bare", check_message, 1000);
	module:hook("message/full", check_message, 1000);
	module:hook("iq/bare", check_iq, 1000);
	module:hook("iq/full", check_iq, 1000);

	local real_from = setmetatable({}, { __mode = "k" });
	module:hook("muc-occupant-groupchat", function (event)
		real_from[event.stanza] = event.from;
	end, -100);
	-- After history/MAM (priority 0) stamped the room's stanza-id.
	module:hook("muc-broadcast-message", function (event)
		local room, stanza = event.room, event.stanza;
		safe_tap(stanza, "muc", room.jid, {
			from = real_from[stanza] or stanza.attr.from;
			to = room.jid;
			room = room.jid;
			nick = jid_resource(stanza.attr.from);
		});
	end, -1);
else
	-- Local senders: before routing.
	for _, kind in ipairs({ "bare", "full", "host" }) do
		module:hook("pre-message/" .. kind, check_message, 1000);
		module:hook("pre-iq/" .. kind, check_iq, 1000);
	end
	-- Remote senders (s2s) to local users.
	local function from_remote(handler)
		return function (event)
			if event.origin.type == "s2sin" then return handler(event); end
		end;
	end
	for _, kind in ipairs({ "bare", "full" }) do
		module:hook("message/" .. kind, from_remote(check_message), 1000);
		module:hook("iq/" .. kind, from_remote(check_iq), 1000);
	end

	-- Delivery to a local user: after mod_mam (0) added the recipient's stanza-id, before mod_message (-1).
	local function deliver_tap(event)
		local stanza, origin = event.stanza, event.origin;
		if stanza.attr.type == "groupchat" then return; end -- rooms are tapped once, on the MUC component
		local path = origin.type == "c2s" and "local" or (origin.type == "s2sin" and "s2s-in" or nil);
		if not path then return; end
		safe_tap(stanza, path, jid_bare(stanza.attr.to));
	end
	module:hook("message/bare", deliver_tap, -0.5);
	module:hook("message/full", deliver_tap, -0.5);

	-- Local user to another server.
	module:hook("route/remote", function (event)
		local stanza, origin = event.stanza, event.origin;
		if stanza.name ~= "message" or stanza.attr.type == "groupchat" then return; end
		if not origin or origin.type ~= "c2s" then return; end
		safe_tap(stanza, "s2s-out", jid_bare(stanza.attr.from));
	end, 1000);

	-- Which software each session runs.
	local identifier = clients_lib.new({
		mode = clients_mode;
		approved = clients_lib.parse_approved(approved_clients);
		timeout = version_timeout;
		log = function (...) return module:log(...); end;
		now = iso_now;
		report = function (data)
			seq = seq + 1;
			data.seq = seq;
			queue.push("session", data);
		end;
	});
	module:hook("stanza/urn:xmpp:sasl:2:authenticate", clients_lib.note_sasl2_authenticate, 10);
	module:hook("sasl2/c2s/success", clients_lib.capture_sasl2_user_agent, 500);
	module:hook("resource-bind", function (event)
		local session = event.session;
		if session.type == "c2s" then identifier.identify(session); end
	end);
	module:hook("presence/initial", function (event)
		identifier.initial_presence(event.origin);
	end);
end

-- A normal stop or restart writes the last group first (nothing waits in memory past it).
module:hook_global("server-stopping", function ()
	queue.commit();
	state:set("sequence", { seq = seq });
end);
function module.unload() -- luacheck: ignore 122
	queue.commit();
	state:set("sequence", { seq = seq });
end

module:log("debug", "approved_im loaded on %s (%s)", host, jid_host(host) or host);
