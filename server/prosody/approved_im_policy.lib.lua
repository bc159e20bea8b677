-- Server-side policy of mod_approved_im: file-transfer negotiation and upload slot requests are refused
-- with each protocol's own error, and end-to-end-encrypted payloads are bounced with an explanation,
-- whatever client sent them. Loaded with module:require("approved_im_policy").

local st = require "util.stanza";

local M = {};

M.FILE_TRANSFER_TEXT = "File transfer is blocked by policy 630-04 on this server: send text only.";
M.E2EE_TEXT = "End-to-end encrypted messages cannot be retained as records (policy 630-04), so this server "
	.. "does not deliver them. Turn encryption off for this chat and send the message again.";

-- Namespace of an iq payload → { condition, type, protocol } (the error each protocol defines for a refusal).
local refused_iq = {
	["http://jabber.org/protocol/si"] = { "forbidden", "cancel", "si" };                      -- XEP-0095/0096
	["http://jabber.org/protocol/ibb"] = { "not-acceptable", "cancel", "ibb" };               -- XEP-0047
	["http://jabber.org/protocol/bytestreams"] = { "not-acceptable", "cancel", "socks5" };    -- XEP-0065
	["jabber:iq:oob"] = { "not-acceptable", "modify", "oob" };                                -- XEP-0066
	["urn:xmpp:http:upload:0"] = { "not-allowed", "cancel", "http-upload" };                  -- XEP-0363
	["urn:xmpp:http:upload"] = { "not-allowed", "cancel", "http-upload" };
	["eu:siacs:conversations:http:upload"] = { "not-allowed", "cancel", "http-upload" };
	["urn:xmpp:fis:1"] = { "forbidden", "cancel", "file-information-sharing" };               -- XEP-0329
};

local xmlns_jingle = "urn:xmpp:jingle:1";
local jingle_ft_prefix = "urn:xmpp:jingle:apps:file-transfer:";
local jingle_file_transports = {
	["urn:xmpp:jingle:transports:ibb:1"] = true;
	["urn:xmpp:jingle:transports:s5b:1"] = true;
};

local function jingle_is_file_transfer(jingle)
	for content in jingle:childtags("content", xmlns_jingle) do
		for _, child in ipairs(content.tags) do
			local ns = child.attr.xmlns or "";
			if ns:sub(1, #jingle_ft_prefix) == jingle_ft_prefix or jingle_file_transports[ns] then
				return true;
			end
		end
	end
	-- Actions on a file-transfer session carry its description or transport too; a bare <checksum/> or
	-- file-transfer <received/> info is file transfer as well.
	for _, child in ipairs(jingle.tags) do
		local ns = child.attr.xmlns or "";
		if ns:sub(1, #jingle_ft_prefix) == jingle_ft_prefix then return true; end
	end
	return false;
end

-- The refusal for an iq, or nil when it is allowed: condition, type, protocol.
function M.file_transfer_iq(stanza)
	local t = stanza.attr.type;
	if t ~= "get" and t ~= "set" then return nil; end
	-- (childtags() without a namespace would only see children in the iq's own namespace.)
	for _, child in ipairs(stanza.tags) do
		local ns = child.attr.xmlns;
		local r = refused_iq[ns];
		if r then return r[1], r[2], r[3]; end
		if ns == xmlns_jingle and child.name == "jingle" and jingle_is_file_transfer(child) then
			return "forbidden", "cancel", "jingle-file-transfer";
		end
	end
	return nil;
end

-- In-band bytestream data carried in a message (XEP-0047 §3) is file transfer too.
function M.file_transfer_message(stanza)
	if stanza:get_child("data", "http://jabber.org/protocol/ibb") then return "ibb-message"; end
	return nil;
end

-- The kind of end-to-end encryption a message carries, or nil. One pass over the children (this runs for
-- every message): namespace → { element name → kind }.
local e2ee_elements = {
	["eu.siacs.conversations.axolotl"] = { encrypted = "omemo" };
	["urn:xmpp:omemo:1"] = { encrypted = "omemo" };
	["urn:xmpp:omemo:2"] = { encrypted = "omemo" };
	["urn:xmpp:openpgp:0"] = { openpgp = "ox" };
	["jabber:x:encrypted"] = { x = "openpgp-legacy" };
};
function M.e2ee_kind(stanza)
	local tags, eme = stanza.tags, nil;
	for i = 1, #tags do
		local tag = tags[i];
		local xmlns = tag.attr.xmlns;
		local names = e2ee_elements[xmlns];
		if names and names[tag.name] then return names[tag.name]; end
		if not eme and tag.name == "encryption" and xmlns == "urn:xmpp:eme:0" then eme = tag; end
	end
	local body = stanza:get_child_text("body");
	if body and body:find("?OTR", 1, true) then return "otr"; end
	if eme then return "eme:" .. tostring(eme.attr.namespace); end
	return nil;
end

function M.refuse_iq(stanza, condition, err_type, text)
	return st.error_reply(stanza, err_type, condition, text);
end

function M.bounce_message(stanza, condition, err_type, text)
	return st.error_reply(stanza, err_type, condition, text);
end

return M;
