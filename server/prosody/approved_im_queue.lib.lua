-- The durable outbox of mod_approved_im: every tapped message and every session report is written to
-- Prosody's own storage (an archive store) before it is posted to the retention server, and removed
-- only after the retention server has answered for it. A restart reloads what is left. The retention
-- server de-duplicates by record id (derived from the server's stanza-id), so a batch sent twice (a
-- crash between the answer and the removal) is still stored once.
--
-- Group commit: records are written in groups, one archive item (a <batch/> of "kind json" lines) per
-- group, `commit_delay` seconds after the first (0: the next event-loop turn) or as soon as `commit_max`
-- are waiting, and
-- always before any of them is posted and when Prosody stops. One storage write per group instead of
-- one per message is what keeps the tap cheap; the window this opens is described in
-- docs/prosody-module.md ("Nothing lost"). commit_max = 1 writes each record before routing goes on.
--
-- Loaded with module:require("approved_im_queue"); runs in the module's environment.

local json = require "util.json";
local st = require "util.stanza";
local http = require "net.http";
local hashes = require "util.hashes";
local hex = require "util.hex";
local log_lib = module:require("approved_im_log");

local QUEUE_USER = "outbox";
local xmlns_queue = "urn:approved-im:queue:0";

local paths = { record = "/v1/server-records", session = "/v1/sessions" };

local M = {};

-- opts: url, token, ca (file or nil), limit, batch_size, retry_max (seconds), commit_max, commit_delay, encoders
-- ({ [kind] = function(data) → JSON }, else util.json), log, on_delivered, segment_max, sequence (→ the host's
-- sequence number, saved with the queue position after each delivery)
function M.new(opts)
	local rejected = module:open_store("approved_im_rejected", "archive");
	-- The queue in order, as a deque: pending[head..tail] = { kind, id, seq, json, persisted }.
	local pending, head, tail = {}, 1, 0;
	local unwritten = {};          -- pushed since the last commit (also in pending)
	local persisted_pending = 0;   -- items of pending that are in the store
	local in_flight = false;
	local backoff = 0;
	local batch_size = opts.batch_size or 200;
	local commit_max = math.max(1, opts.commit_max or 64);
	local encoders = opts.encoders or {};
	local overflowing = false;
	local flush_scheduled, commit_scheduled = false, false;
	local delivered_total = 0;
	local on_delivered = opts.on_delivered;

	local client = http.new({
		sslctx = {
			mode = "client", protocol = "sslv23", verify = { "peer", "fail_if_no_peer_cert" },
			cafile = opts.ca, capath = (not opts.ca) and "/etc/ssl/certs" or nil,
			options = { "no_sslv2", "no_sslv3", "no_tlsv1", "no_tlsv1_1" },
		};
		suppress_errors = true;
	});

	local q = {};

	local function length() return tail - head + 1; end
	local function append_pending(item)
		tail = tail + 1;
		pending[tail] = item;
		if item.persisted then persisted_pending = persisted_pending + 1; end
	end

	-- The durable log (segments in the approved_im_queue store; see approved_im_log).
	local log = log_lib.open({ segment_max = opts.segment_max; log = opts.log; sequence = opts.sequence });
	log.load(function (kind, id, seq, text, delivered)
		if delivered then return; end
		append_pending({ kind = paths[kind] and kind or "invalid", id = id, seq = seq, json = text, persisted = true });
	end);
	q.saved_sequence = log.saved_sequence;
	if length() > 0 then
		opts.log("info", "approved_im: %d records from before the restart are waiting for the retention server", length());
	end

	function q.length() return length(); end
	function q.over_limit() return length() >= opts.limit; end
	function q.delivered() return delivered_total; end
	function q.pending_items()
		local list = {};
		for i = head, tail do list[#list + 1] = pending[i]; end
		return list;
	end

	-- Write everything pushed since the last commit as one group ("kind json" lines), joined once from a
	-- reused buffer (allocation is what the collector charges for; see approved_im_json).
	local group_buf = {};
	local function commit()
		local n = #unwritten;
		if n == 0 then return; end
		local m = 0;
		for i = 1, n do
			local item = unwritten[i];
			group_buf[m + 1], group_buf[m + 2], group_buf[m + 3], group_buf[m + 4] = item.kind, " ", item.json, "\n";
			m = m + 4;
		end
		local text = table.concat(group_buf, "", 1, m - 1); -- without the last newline
		for i = 1, m do group_buf[i] = nil; end
		local ok, err = log.append(text, n);
		if ok then
			for i = 1, n do unwritten[i].persisted = true; end
			persisted_pending = persisted_pending + n;
		else
			opts.log("error", "approved_im: could not write to the queue store (%s); %d records are kept in memory only", tostring(err), n);
		end
		for i = 1, n do unwritten[i] = nil; end
	end
	q.commit = commit;

	local function commit_timer()
		commit_scheduled = false;
		commit();
	end

	local flush;

	local function schedule(delay)
		if flush_scheduled then return; end
		flush_scheduled = true;
		module:add_timer(delay, function ()
			flush_scheduled = false;
			flush();
		end);
	end

	local function retry_later(reason)
		backoff = math.min(backoff > 0 and backoff * 2 or 1, opts.retry_max or 30);
		opts.log("warn", "approved_im: retention server unavailable (%s); %d records queued, retrying in %ds", reason, length(), backoff);
		schedule(backoff);
	end

	local function remove_delivered(n)
		local from_log = 0;
		for _ = 1, n do
			local item = pending[head];
			pending[head] = nil;
			head = head + 1;
			if item.persisted then
				from_log = from_log + 1;
				persisted_pending = persisted_pending - 1;
			end
		end
		delivered_total = delivered_total + n;
		log.delivered(from_log); -- saves the position (and the sequence number), drops delivered segments
		if overflowing and length() < opts.limit then
			overflowing = false;
			opts.log("info", "approved_im: the queue is below approved_im_queue_limit again (%d)", length());
		end
		if on_delivered then on_delivered(n); end
	end

	local function park_rejected(item, reason)
		local holder = st.stanza("item", { xmlns = xmlns_queue, kind = item.kind, id = item.id, reason = reason }):text(item.json);
		rejected:append(QUEUE_USER, nil, holder, os.time());
		opts.log("error", "approved_im: the retention server refused a %s (%s); kept in the approved_im_rejected store", item.kind, reason);
	end

	flush = function ()
		commit(); -- nothing is posted before it is in storage
		if in_flight or length() == 0 then return; end
		local kind = pending[head].kind;
		if not paths[kind] then
			park_rejected(pending[head], "unreadable queue entry");
			remove_delivered(1);
			return flush();
		end
		local batch, ids = {}, { kind };
		for i = head, math.min(tail, head + batch_size - 1) do
			if pending[i].kind ~= kind then break; end
			batch[#batch + 1] = pending[i].json;
			ids[#ids + 1] = pending[i].id or "";
		end
		local batch_id = hex.encode(hashes.sha256(table.concat(ids, "\0")));
		-- Each item was encoded once, when it was queued; the body is joined once.
		local parts = { '{"batchId":"', batch_id, kind == "record" and '","records":[' or '","sessions":[' };
		for i = 1, #batch do
			parts[#parts + 1] = i > 1 and "," or "";
			parts[#parts + 1] = batch[i];
		end
		parts[#parts + 1] = "]}";
		local body = table.concat(parts);
		in_flight = true;
		client:request(opts.url .. paths[kind], {
			method = "POST";
			body = body;
			headers = {
				["Content-Type"] = "application/json";
				["Authorization"] = "Bearer " .. opts.token;
			};
		}, function (response_body, code)
			in_flight = false;
			if code == 200 or code == 409 then
				if code == 409 then
					opts.log("error", "approved_im: the retention server reported conflicting records in batch %s (alerted there)", batch_id);
				end
				backoff = 0;
				batch_size = opts.batch_size or 200;
				remove_delivered(#batch);
				-- A full batch goes at once; a partial one waits the flush delay to gather more (each request
				-- costs Prosody a new connection and its parsing, whatever its size).
				if length() >= batch_size then
					schedule(0);
				elseif length() > 0 then
					schedule(opts.flush_delay or 0.05);
				end
			elseif code == 400 then
				if #batch > 1 then
					-- Find the bad one: smaller batches until it is alone.
					batch_size = math.max(1, math.floor(#batch / 2));
					schedule(0);
				else
					park_rejected(pending[head], tostring(response_body):sub(1, 200));
					remove_delivered(1);
					batch_size = opts.batch_size or 200;
					if length() > 0 then schedule(0); end
				end
			elseif code == 401 or code == 403 then
				opts.log("error", "approved_im: the retention server refused approved_im_retention_token (HTTP %d); check that it is an xmpp-server token", code);
				retry_later("HTTP " .. code);
			else
				retry_later(code == 0 and tostring(response_body) or ("HTTP " .. tostring(code)));
			end
		end);
	end

	-- Queue one item (kind "record" or "session"); it reaches storage in the next group commit, before
	-- it is posted.
	function q.push(kind, data)
		local encode = encoders[kind] or json.encode;
		local item = { kind = kind, id = data.id, seq = data.seq, json = encode(data), persisted = false };
		append_pending(item);
		unwritten[#unwritten + 1] = item;
		if #unwritten >= commit_max then
			commit();
		elseif not commit_scheduled then
			commit_scheduled = true;
			module:add_timer(opts.commit_delay or 0.01, commit_timer);
		end
		if length() >= opts.limit and not overflowing then
			overflowing = true;
			opts.log("error", "approved_im: ALERT: %d records are waiting for the retention server (approved_im_queue_limit = %d)", length(), opts.limit);
		end
		if not in_flight and backoff == 0 then schedule(opts.flush_delay or 0.05); end
	end

	function q.flush_now() flush(); end

	if length() > 0 then schedule(0); end
	return q;
end

return M;
