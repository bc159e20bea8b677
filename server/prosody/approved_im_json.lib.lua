-- A JSON encoder for the flat records of mod_approved_im (string, number and boolean fields, in a fixed
-- order). Prosody's util.json is generic and written in Lua; measured at about 37 µs per record on the
-- reference VM, it was the largest single cost of the tap after the storage write. This one does one
-- C-level gsub per string field. Output is plain JSON that util.json (and any parser) decodes to the
-- same table; server/prosody/approved_im_json.test.ts checks that over awkward strings.
--
-- Loaded with module:require("approved_im_json"), or with require() from the test.

local format, gsub, find, type, concat, tostring = string.format, string.gsub, string.find, type, table.concat, tostring;
local math_type, huge = math.type, math.huge;

local M = {};

-- JSON needs U+0000–U+001F, the quote and the backslash escaped; DEL is escaped too (harmless).
local escapes = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' };
for i = 0, 31 do
	local ch = string.char(i);
	if not escapes[ch] then escapes[ch] = format("\\u%04x", i); end
end
escapes["\127"] = "\\u007f";

-- The characters to escape as one explicit class: the same set as '[%c"\\]' (C locale), but an explicit range
-- is matched about a third faster than %c, and every string of every record is scanned.
local needs_escape = '[\0-\31"\\\127]';

local function quote(s)
	-- Most fields (ids, JIDs, times) need no escaping: one scan without building a copy.
	if not find(s, needs_escape) then return '"' .. s .. '"'; end
	return '"' .. gsub(s, needs_escape, escapes) .. '"';
end
M.quote = quote;

local function value(v)
	local t = type(v);
	if t == "string" then return quote(v); end
	if t == "number" then
		if v ~= v or v == huge or v == -huge then return "null"; end
		if math_type(v) == "integer" then return format("%d", v); end
		if v == math.floor(v) and v > -2^53 and v < 2^53 then return format("%d", v); end
		return format("%.17g", v);
	end
	if t == "boolean" then return tostring(v); end
	error("approved_im_json: cannot encode a " .. t);
end

-- An encoder for objects with the fields named in `keys`, written in that order; nil fields are left out.
-- A field of the table that is not in `keys` is an error, so a new field cannot be dropped silently.
-- The pieces go into one reused buffer and are joined once: Prosody runs Lua's incremental collector with
-- a pause of 105%, so every byte allocated per message costs many more in collection work.
function M.encoder(keys)
	local known, first, rest = {}, {}, {};
	for i = 1, #keys do
		known[keys[i]] = true;
		first[i] = "{" .. quote(keys[i]) .. ":";
		rest[i] = "," .. quote(keys[i]) .. ":";
	end
	local buf = {};
	return function (t)
		for k in pairs(t) do
			if not known[k] then error("approved_im_json: field " .. tostring(k) .. " is not in the key list"); end
		end
		local n = 0;
		for i = 1, #keys do
			local v = t[keys[i]];
			if v ~= nil then
				buf[n + 1] = n == 0 and first[i] or rest[i];
				n = n + 1;
				if type(v) == "string" then
					if find(v, needs_escape) then v = gsub(v, needs_escape, escapes); end
					buf[n + 1], buf[n + 2], buf[n + 3] = '"', v, '"';
					n = n + 3;
				else
					n = n + 1;
					buf[n] = value(v);
				end
			end
		end
		if n == 0 then return "{}"; end
		n = n + 1;
		buf[n] = "}";
		local out = concat(buf, "", 1, n);
		for i = 1, n do buf[i] = nil; end
		return out;
	end;
end

return M;
