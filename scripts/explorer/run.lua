-- wrk script for the explorer's load test: the request the page sends
-- when a PUE changes.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"set": ["sites.aws-us-east-1.pue=1.3"], "samples": 2000}'
