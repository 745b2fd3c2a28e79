-- Accepts the offer OFFER_CODE/OFFER_TOKEN again and again as new clients: every request has
-- its own domain prefix and idempotency key, so each one creates a customer, its
-- subscriptions and their audit entries (one transaction).
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local run = os.getenv("BENCH_RUN")
local n = 0
local fixed = "code=" .. os.getenv("OFFER_CODE") .. "&token=" .. os.getenv("OFFER_TOKEN") ..
  "&company_name=Bench+Toys&address_line1=Keizersgracht+1&city=Amsterdam&postal_code=1015+CJ" ..
  "&contact_first_name=Iris&contact_last_name=Bakker&contact_email=iris%40bench.example&language=nl" ..
  "&counts%5BM365-BUSINESS-BASIC%5D=3&counts%5BM365-BUSINESS-PREMIUM%5D=2&delegated_admin=without"
request = function()
  n = n + 1
  local body = fixed .. "&domain_prefix=" .. run .. n .. "&idempotency_key=" .. run .. "-" .. n
  return wrk.format("POST", "/api/offer/accept", { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end
