-- The durable log under mod_approved_im's queue: groups of records (one archive item per group commit,
-- a <batch/> of "kind json" lines) in Prosody's own storage, the `approved_im_queue` archive store.
--
-- Segments. The log is a run of segments, archive "users" outbox, outbox-1, outbox-2, …; groups are
-- appended to the newest, which is closed after `segment_max` records. A segment is deleted as a whole
-- once every record in it is delivered, so trimming never rewrites (or even reads) a file: earlier
-- versions truncated one log, which loaded and re-serialized everything still waiting. The keyval store
-- approved_im_state, key "queue", says where the log starts: { first = segment, skip = records of it
-- already delivered, seq = the host's sequence number }. It is saved before a segment is deleted, so a
-- crash in between leaves at most a delivered segment on disk (removed at the next start), never skips
-- an undelivered record.
--
-- Internal storage. With Prosody's default `internal` storage, each group is appended to the segment's
-- file through util.datamanager (append_raw) in the very item format mod_storage_internal's archive
-- writes and store:find reads, with the group's text as a Lua long string. store:append would pass the
-- text through util.serialization, whose escaping gsub scans every byte of every group (about 20 µs per
-- record with Prosody's collector running): the largest single cost of the tap. A long string needs no
-- escaping: its level is chosen so that its closing bracket does not occur in the text, and a newline
-- before the closing bracket keeps the text's own last characters from joining it. The group is joined
-- once, straight into the item written. With any other
-- storage backend (e.g. SQL) groups go through store:append.
--
-- Loaded with module:require("approved_im_log"); runs in the module's environment.

local st = require "util.stanza";
local json = require "util.json";
local datamanager = require "util.datamanager";
local storagemanager = require "core.storagemanager";
local datetime = require "util.datetime";
local new_id = require "util.id".medium;

local s_find, s_format, s_rep = string.find, string.format, string.rep;

local STORE = "approved_im_queue";
local xmlns_queue = "urn:approved-im:queue:0";

local M = {};

local function segment_user(k) return k == 0 and "outbox" or ("outbox-" .. k); end
M.segment_user = segment_user;

-- Long-string brackets by level: equals[k] is k "=" signs, closers[k] the closing bracket of level k.
local equals = setmetatable({}, { __index = function (t, k) local v = s_rep("=", k); t[k] = v; return v; end });
local closers = setmetatable({}, { __index = function (t, k) local v = "]" .. equals[k] .. "]"; t[k] = v; return v; end });

-- opts: segment_max, log (module:log), sequence (→ the host's sequence number, saved with the position)
function M.open(opts)
	local store = module:open_store(STORE, "archive");
	local state = module:open_store("approved_im_state", "keyval");
	local host = module.host;
	local _, driver_name = storagemanager.get_driver(host, STORE);
	local raw = driver_name == "internal";
	local segment_max = math.max(1, opts.segment_max or 1000);

	local first, current = 0, 0;   -- the oldest segment still needed, and the one being written
	local counts = {};             -- counts[k]: records in segment k
	local delivered = 0;           -- leading records of segment `first` (and on) already delivered
	local saved_seq;

	local log = {};

	local function save()
		local ok, err = state:set("queue", { first = first, skip = delivered, seq = opts.sequence and opts.sequence() or nil });
		if not ok and err then opts.log("error", "approved_im: could not save the queue position: %s", tostring(err)); end
	end
	log.save = save;

	local function delete_segment(k)
		local ok, err = store:delete(segment_user(k), {});
		if not ok and err then opts.log("error", "approved_im: could not delete a delivered queue segment: %s", tostring(err)); end
	end

	-- Read what a previous run left: every segment from `first` on, calling
	-- each_record(kind, id, seq, json, already_delivered) per record in order. Older versions wrote one log
	-- (segment 0, "outbox") with single <item/>s or groups; both are read.
	function log.load(each_record)
		local saved = state:get("queue");
		first = type(saved) == "table" and tonumber(saved.first) or 0;
		local skip = type(saved) == "table" and tonumber(saved.skip) or 0;
		saved_seq = type(saved) == "table" and tonumber(saved.seq) or nil;
		-- A crash between saving the position and deleting a segment leaves that segment behind.
		if first > 0 then
			local iter = store:find(segment_user(first - 1), {});
			if iter and iter() then delete_segment(first - 1); end
		end
		local index = 0;
		-- A delivered record is only counted; the others are handed over with their id and sequence number.
		local function record(kind, id, seq, text)
			index = index + 1;
			if index <= skip then return each_record(nil, nil, nil, nil, true); end
			if kind ~= "invalid" and not id then
				local ok, data = pcall(json.decode, text);
				if ok and type(data) == "table" then
					id, seq = data.id, tonumber(data.seq);
				else
					kind = "invalid";
				end
			end
			each_record(kind, id, seq, text, false);
		end
		local k = first;
		current = first;
		while true do
			local iter, err = store:find(segment_user(k), {});
			if not iter then
				if err then opts.log("error", "Could not read the approved_im queue: %s", tostring(err)); end
				break;
			end
			local before, any = index, false;
			for _, item in iter do
				any = true;
				local text = item:get_text() or "";
				if item.name == "batch" then
					for line in text:gmatch("[^\n]+") do
						local kind, js = line:match("^(%a+) (.*)$");
						if kind then record(kind, nil, nil, js); else record("invalid", nil, nil, line); end
					end
				else
					record(item.attr.kind or "invalid", item.attr.id, tonumber(item.attr.seq), text);
				end
			end
			if not any then break; end
			counts[k] = index - before;
			current = k;
			k = k + 1;
		end
		delivered = math.min(skip, index);
		for j = first, current do counts[j] = counts[j] or 0; end
	end

	function log.saved_sequence() return saved_seq; end

	-- Append one group: records first..last of the parallel arrays kinds and texts, as "kind json" lines.
	-- The pieces are joined once, from a reused buffer, straight into the item written; true, or nil and an
	-- error.
	local buf = {};
	function log.append(kinds, texts, first_i, last_i)
		local n = last_i - first_i + 1;
		if counts[current] and counts[current] >= segment_max then
			current = current + 1;
		end
		local m = 0;
		local function lines()
			for i = first_i, last_i do
				buf[m + 1], buf[m + 2], buf[m + 3], buf[m + 4] = kinds[i], " ", texts[i], "\n";
				m = m + 4;
			end
		end
		local ok, err;
		if raw then
			local now = os.time();
			-- A closing bracket cannot span two lines (each starts with its kind), so checking each text is enough.
			local level = 0;
			local i = first_i;
			while i <= last_i do
				if s_find(texts[i], closers[level], 1, true) then
					level = level + 1;
					i = first_i; -- every text again against the longer bracket (rare)
				else
					i = i + 1;
				end
			end
			local eq = equals[level];
			buf[1] = s_format('item({name="batch";key=%q;when=%d;attr={xmlns=%q;n="%d";stamp=%q};[1]=[%s[', new_id(), now, xmlns_queue, n,
				datetime.datetime(now), eq);
			m = 1;
			lines(); -- the last newline stays: the closing bracket cannot join the text's own last characters
			buf[m + 1] = "]" .. eq .. "]});\n";
			m = m + 1;
			ok, err = datamanager.append_raw(segment_user(current), host, STORE, "list", table.concat(buf, "", 1, m));
		else
			lines();
			local text = table.concat(buf, "", 1, m - 1); -- without the last newline
			-- Built directly rather than with st.stanza():text(), whose validation scans the whole text once
			-- more: it is JSON made here (control characters escaped) from strings Prosody already checked.
			local holder = setmetatable({ name = "batch", attr = { xmlns = xmlns_queue, n = tostring(n) }, tags = {}, text }, st.stanza_mt);
			ok, err = store:append(segment_user(current), nil, holder, os.time());
		end
		for j = 1, m do buf[j] = nil; end
		if not ok then return nil, err; end
		counts[current] = (counts[current] or 0) + n;
		return true;
	end

	-- n more of the log's records are delivered: save the position, then drop wholly delivered segments
	-- (never the one being written).
	function log.delivered(n)
		delivered = delivered + n;
		local drop;
		while first < current and delivered >= (counts[first] or 0) do
			delivered = delivered - (counts[first] or 0);
			counts[first] = nil;
			drop = drop or {};
			drop[#drop + 1] = first;
			first = first + 1;
		end
		save();
		if drop then
			for i = 1, #drop do delete_segment(drop[i]); end
		end
	end

	function log.segments() return first, current; end

	return log;
end

return M;
