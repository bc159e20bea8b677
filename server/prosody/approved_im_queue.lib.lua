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
	-- The queue in order, as a deque of parallel arrays over head..tail (no table per record: every byte
	-- allocated per message costs many more in collection work under Prosody's collector settings).
	local p_kind, p_id, p_seq, p_json, p_persisted = {}, {}, {}, {}, {};
	local head, tail = 1, 0;
	local unwritten_from;         -- head of the records pushed since the last commit (unwritten_from..tail)
	local in_flight = false;
	local backoff = 0;
	local batch_size = opts.batch_size or 200;
	local batch_bytes = opts.batch_bytes or 3 * 1024 * 1024;
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
	local function append_pending(kind, id, seq, text, persisted)
		tail = tail + 1;
		p_kind[tail], p_id[tail], p_seq[tail], p_json[tail], p_persisted[tail] = kind, id, seq, text, persisted;
	end

	-- The durable log (segments in the approved_im_queue store; see approved_im_log).
	local log = log_lib.open({ segment_max = opts.segment_max; log = opts.log; sequence = opts.sequence });
	log.load(function (kind, id, seq, text, delivered)
		if delivered then return; end
		append_pending(paths[kind] and kind or "invalid", id, seq, text, true);
	end);
	unwritten_from = tail + 1;
	q.saved_sequence = log.saved_sequence;
	if length() > 0 then
		opts.log("info", "approved_im: %d records from before the restart are waiting for the retention server", length());
	end

	function q.length() return length(); end
	function q.over_limit() return length() >= opts.limit; end
	function q.delivered() return delivered_total; end
	-- The highest sequence number waiting (after a restart), or nil.
	function q.max_pending_seq()
		local max;
		for i = head, tail do
			if p_seq[i] and (not max or p_seq[i] > max) then max = p_seq[i]; end
		end
		return max;
	end

	-- Write everything pushed since the last commit as one group ("kind json" lines); the pieces go to the
	-- log, which joins them once (see approved_im_log).
	local function commit()
		local first, last = unwritten_from, tail;
		if last < first then return; end
		unwritten_from = last + 1;
		local ok, err = log.append(p_kind, p_json, first, last);
		if ok then
			for i = first, last do p_persisted[i] = true; end
		else
			opts.log("error", "approved_im: could not write to the queue store (%s); %d records are kept in memory only", tostring(err), last - first + 1);
		end
	end
	q.commit = commit;

	local function commit_timer()
		commit_scheduled = false;
		commit();
	end

	local flush;
	local buf = {}; -- reused to join a batch's id and body

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
			if p_persisted[head] then from_log = from_log + 1; end
			p_kind[head], p_id[head], p_seq[head], p_json[head], p_persisted[head] = nil, nil, nil, nil, nil;
			head = head + 1;
		end
		delivered_total = delivered_total + n;
		log.delivered(from_log); -- saves the position (and the sequence number), drops delivered segments
		if overflowing and length() < opts.limit then
			overflowing = false;
			opts.log("info", "approved_im: the queue is below approved_im_queue_limit again (%d)", length());
		end
		if on_delivered then on_delivered(n); end
	end

	local function park_rejected(i, reason)
		local holder = st.stanza("item", { xmlns = xmlns_queue, kind = p_kind[i], id = p_id[i], reason = reason }):text(p_json[i]);
		rejected:append(QUEUE_USER, nil, holder, os.time());
		opts.log("error", "approved_im: the retention server refused a %s (%s); kept in the approved_im_rejected store", p_kind[i], reason);
	end

	flush = function ()
		commit(); -- nothing is posted before it is in storage
		if in_flight or length() == 0 then return; end
		local kind = p_kind[head];
		if not paths[kind] then
			park_rejected(head, "unreadable queue entry");
			remove_delivered(1);
			return flush();
		end
		-- Up to batch_size records of one kind, and under the retention server's request limit (4 MiB): a
		-- backlog of long messages goes in several requests rather than one that is refused again and again.
		local last, bytes = head, #p_json[head];
		while last < tail and last - head + 1 < batch_size and p_kind[last + 1] == kind and bytes + #p_json[last + 1] + 1 <= batch_bytes do
			last = last + 1;
			bytes = bytes + #p_json[last] + 1;
		end
		local count = last - head + 1;
		-- The batch id: a hash of the kind and the record ids, joined from a reused buffer.
		local m = 1;
		buf[1] = kind;
		for i = head, last do
			buf[m + 1], buf[m + 2] = "\0", p_id[i] or "";
			m = m + 2;
		end
		local batch_id = hex.encode(hashes.sha256(table.concat(buf, "", 1, m)));
		-- Each item was encoded once, when it was queued; the body is joined once.
		buf[1], buf[2], buf[3] = '{"batchId":"', batch_id, kind == "record" and '","records":[' or '","sessions":[';
		m = 3;
		for i = head, last do
			buf[m + 1], buf[m + 2] = i > head and "," or "", p_json[i];
			m = m + 2;
		end
		buf[m + 1] = "]}";
		m = m + 1;
		local body = table.concat(buf, "", 1, m);
		for i = 1, m do buf[i] = nil; end
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
				remove_delivered(count);
				-- A full batch goes at once; a partial one waits the flush delay to gather more (each request
				-- costs Prosody a new connection and its parsing, whatever its size).
				if length() >= batch_size then
					schedule(0);
				elseif length() > 0 then
					schedule(opts.flush_delay or 0.05);
				end
			elseif code == 400 or code == 413 then
				if count > 1 then
					-- Find the bad one: smaller batches until it is alone.
					batch_size = math.max(1, math.floor(count / 2));
					schedule(0);
				else
					park_rejected(head, tostring(response_body):sub(1, 200));
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
		append_pending(kind, data.id, data.seq, encode(data), false);
		if tail - unwritten_from + 1 >= commit_max then
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
