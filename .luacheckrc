-- luacheck configuration for the Prosody module in server/prosody/ (Prosody 0.12, Lua 5.4).
std = "lua54"
max_line_length = 160
-- Prosody gives each module a `module` global (the module API).
read_globals = { "module" }
files["server/prosody/"] = { globals = {} }
