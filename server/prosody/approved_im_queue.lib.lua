-- The durable outbox of mod_approved_im: every tapped message and every session report is written to
-- Prosody's own storage (an archive store) before it is posted to the retention server, and removed
-- only after the retention server has answered for it. A restart reloads what is left. The retention
-- server de-duplicates by record id (derived from the server's stanza-id), so a batch sent twice (a
-- crash between the answer and the removal) is still stored once.
--
-- Loaded with module:require("approved_im_queue"); runs in the module's environment.

local json = require "util.json";
local st = require "util.stanza";
local http = require "net.http";
local hashes = require "util.hashes";
local hex = require "util.hex";

local QUEUE_USER = "outbox";
local xmlns_queue = "urn:approved-im:queue:0";

local paths = { record = "/v1/server-records", session = "/v1/sessions" };
local COMPACT_AFTER = 2000;

local M = {};

-- opts: url, token, ca (file or nil), limit, batch_size, retry_max (seconds), log, on_delivered
function M.new(opts)
	local store = module:open_store("approved_im_queue", "archive");
	local rejected = module:open_store("approved_im_rejected", "archive");
	local pending = {};        -- FIFO of { kind, data, persisted }
	local in_flight = false;
	local backoff = 0;
	local batch_size = opts.batch_size or 200;
	local overflowing = false;
	local flush_scheduled = false;
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

	local function persisted_count()
		local n = 0;
		for i = 1, #pending do if pending[i].persisted then n = n + 1; end end
		return n;
	end

	-- The store is an append-only log; `skip` (in the state store) counts its leading items that are
	-- already delivered. Trimming the log rewrites it, so it is done only when the queue empties or
	-- after COMPACT_AFTER deliveries, never per batch.
	local state = module:open_store("approved_im_state", "keyval");
	local delivered_in_log = 0;
	local function save_skip(n)
		local ok, err = state:set("queue", { skip = n });
		if not ok and err then opts.log("error", "approved_im: could not save the queue position: %s", tostring(err)); end
	end

	-- Reload what a previous run left behind.
	do
		local saved = state:get("queue");
		local skip = type(saved) == "table" and tonumber(saved.skip) or 0;
		local iter, err = store:find(QUEUE_USER, {});
		if not iter then
			if err then opts.log("error", "Could not read the approved_im queue: %s", tostring(err)); end
		else
			local index = 0;
			for _, item in iter do
				index = index + 1;
				local kind, text = item.attr.kind, item:get_text();
				if index <= skip then
					delivered_in_log = delivered_in_log + 1;
				elseif paths[kind] and text then
					pending[#pending + 1] = { kind = kind, id = item.attr.id, seq = tonumber(item.attr.seq), json = text, persisted = true };
				end
			end
		end
		if #pending > 0 then
			opts.log("info", "approved_im: %d records from before the restart are waiting for the retention server", #pending);
		end
	end

	function q.length() return #pending; end
	function q.over_limit() return #pending >= opts.limit; end
	function q.delivered() return delivered_total; end
	function q.pending_items() return pending; end

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
		opts.log("warn", "approved_im: retention server unavailable (%s); %d records queued, retrying in %ds", reason, #pending, backoff);
		schedule(backoff);
	end

	local function remove_delivered(n)
		for _ = 1, n do
			local item = table.remove(pending, 1);
			if item.persisted then delivered_in_log = delivered_in_log + 1; end
		end
		delivered_total = delivered_total + n;
		local left = persisted_count();
		if left == 0 or delivered_in_log >= COMPACT_AFTER then
			-- Position first, then trim: a crash in between re-sends delivered records (stored once,
			-- as duplicates) instead of skipping undelivered ones.
			save_skip(0);
			local ok, err = store:delete(QUEUE_USER, left == 0 and {} or { truncate = left });
			if not ok and err then
				opts.log("error", "approved_im: could not trim the queue: %s", tostring(err));
				save_skip(delivered_in_log);
			else
				delivered_in_log = 0;
			end
		else
			save_skip(delivered_in_log);
		end
		if overflowing and #pending < opts.limit then
			overflowing = false;
			opts.log("info", "approved_im: the queue is below approved_im_queue_limit again (%d)", #pending);
		end
		if on_delivered then on_delivered(n); end
	end

	local function park_rejected(item, reason)
		local holder = st.stanza("item", { xmlns = xmlns_queue, kind = item.kind, id = item.id, reason = reason }):text(item.json);
		rejected:append(QUEUE_USER, nil, holder, os.time());
		opts.log("error", "approved_im: the retention server refused a %s (%s); kept in the approved_im_rejected store", item.kind, reason);
	end

	flush = function ()
		if in_flight or #pending == 0 then return; end
		local kind = pending[1].kind;
		local batch, ids = {}, {};
		for i = 1, math.min(#pending, batch_size) do
			if pending[i].kind ~= kind then break; end
			batch[#batch + 1] = pending[i].json;
			ids[#ids + 1] = pending[i].id;
		end
		local batch_id = hex.encode(hashes.sha256(kind .. "\0" .. table.concat(ids, "\0")));
		-- Each item was encoded once, when it was queued.
		local body = ('{"batchId":"%s","%s":[%s]}'):format(batch_id, kind == "record" and "records" or "sessions", table.concat(batch, ","));
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
				if #pending > 0 then schedule(0); end
			elseif code == 400 then
				if #batch > 1 then
					-- Find the bad one: smaller batches until it is alone.
					batch_size = math.max(1, math.floor(#batch / 2));
					schedule(0);
				else
					park_rejected(pending[1], tostring(response_body):sub(1, 200));
					remove_delivered(1);
					batch_size = opts.batch_size or 200;
					if #pending > 0 then schedule(0); end
				end
			elseif code == 401 or code == 403 then
				opts.log("error", "approved_im: the retention server refused approved_im_retention_token (HTTP %d); check that it is an xmpp-server token", code);
				retry_later("HTTP " .. code);
			else
				retry_later(code == 0 and tostring(response_body) or ("HTTP " .. tostring(code)));
			end
		end);
	end

	-- Queue one item (kind "record" or "session"); written to storage before anything else.
	function q.push(kind, data)
		local item = { kind = kind, id = data.id, seq = data.seq, json = json.encode(data), persisted = false };
		local holder = st.stanza("item", { xmlns = xmlns_queue, kind = kind, id = data.id, seq = data.seq and tostring(data.seq) or nil })
			:text(item.json);
		local ok, err = store:append(QUEUE_USER, nil, holder, os.time());
		if ok then
			item.persisted = true;
		else
			opts.log("error", "approved_im: could not write to the queue store (%s); the record is kept in memory only", tostring(err));
		end
		pending[#pending + 1] = item;
		if #pending >= opts.limit and not overflowing then
			overflowing = true;
			opts.log("error", "approved_im: ALERT: %d records are waiting for the retention server (approved_im_queue_limit = %d)", #pending, opts.limit);
		end
		if not in_flight and backoff == 0 then schedule(opts.flush_delay or 0.05); end
	end

	function q.flush_now() flush(); end

	if #pending > 0 then schedule(0); end
	return q;
end

return M;
