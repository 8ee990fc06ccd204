-- SPDX-License-Identifier: GPL-2.0-or-later
-- One Wireshark GUI session through what must not leak state between
-- dissections. Wireshark runs `-z teardown_reload_check` once the file given
-- with -r has been read; from there this script reloads it, changes a
-- teardown preference and dissects it again, opens a second file, opens the
-- first again, saving after each round what the plugin said for every packet
-- ($TD_RELOAD_OUT/round-N.txt) for reload-check.sh to compare with tshark.
local out = os.getenv("TD_RELOAD_OUT")
local file_a = os.getenv("TD_RELOAD_A")
local file_b = os.getenv("TD_RELOAD_B")

local f_stream = Field.new("teardown.stream")
local f_sender = Field.new("teardown.sender")
local f_client = Field.new("teardown.client.state")
local f_server = Field.new("teardown.server.state")
local f_reuse = Field.new("teardown.time_wait.reuse")

local rows = {}
local round = 0
local tap = Listener.new("frame", "teardown")

function tap.reset()
    rows = {}
end

function tap.packet(pinfo)
    rows[#rows + 1] = string.format("%d\t%s\t%s\t%s\t%s\t%d", pinfo.number,
        tostring(f_stream()), tostring(f_sender()), tostring(f_client()), tostring(f_server()),
        f_reuse() and 1 or 0)
end

local function save()
    round = round + 1
    local f = assert(io.open(string.format("%s/round-%d.txt", out, round), "w"))
    f:write(table.concat(rows, "\n"), "\n")
    f:close()
    rows = {}
end

register_stat_cmd_arg("teardown_reload_check", function()
    save()                                              -- 1: A as opened
    reload_packets()
    save()                                              -- 2: A reloaded
    -- redissect_packets() is queued for the event loop, which is not running
    -- yet while -z actions run; a reload dissects again at once.
    set_preference("teardown.time_wait_seconds", 0)
    apply_preferences()
    reload_packets()
    save()                                              -- 3: A dissected again with TIME_WAIT 0 s (no reuse warning)
    set_preference("teardown.time_wait_seconds", 60)
    apply_preferences()
    open_capture_file(file_b, "")
    save()                                              -- 4: B in the same session
    open_capture_file(file_a, "")
    save()                                              -- 5: A again, TIME_WAIT 60 s
    local f = assert(io.open(out .. "/done", "w"))
    f:close()
end)
