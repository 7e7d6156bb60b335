-- wrk script for tests/bench/longtail.sh. Arguments: PATHS MODE [HOT].
--   longtail  every request a uniformly random path from PATHS, gzip accepted
--   mixed     half the requests to the HOT paths (front pages, the newest
--             stories), half uniformly random from PATHS; codings mixed as
--             browsers, crawlers and scripts send them
local paths, hot, mode = {}, {}, "longtail"
local ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
local codings = { "gzip, deflate, br, zstd", "gzip, deflate, br, zstd", "gzip, deflate, br, zstd", "gzip", "gzip", "" }

local function load(file, into)
  for line in io.lines(file) do
    if line ~= "" then into[#into + 1] = line end
  end
end

function init(args)
  load(args[1], paths)
  mode = args[2] or mode
  if args[3] then load(args[3], hot) end
  math.randomseed(os.time())
end

function request()
  if mode == "mixed" then
    local p = paths[math.random(#paths)]
    if #hot > 0 and math.random() < 0.5 then p = hot[math.random(#hot)] end
    local h = { ["User-Agent"] = ua, ["Host"] = wrk.headers["Host"] }
    local c = codings[math.random(#codings)]
    if c ~= "" then h["Accept-Encoding"] = c end
    return wrk.format("GET", p, h)
  end
  return wrk.format("GET", paths[math.random(#paths)], {
    ["User-Agent"] = ua, ["Accept-Encoding"] = "gzip", ["Host"] = wrk.headers["Host"] })
end
