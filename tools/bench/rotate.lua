-- wrk script for tools/bench/run.sh: each thread walks the request paths listed in
-- a file (one per line, written by `bench_search urls`) in turn, so every query of
-- the set is asked equally often.
--   wrk -t2 -c32 -d10s --latency -s rotate.lua http://127.0.0.1:PORT -- paths.txt
local paths = {}
local next_index = 0

function init(args)
  local file = args[1]
  if file == nil then
    error("usage: wrk ... -s rotate.lua URL -- PATHS_FILE")
  end
  for line in io.lines(file) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no paths in " .. file)
  end
end

function request()
  next_index = next_index % #paths + 1
  return wrk.format("GET", paths[next_index])
end
