"""Open311 GeoReport v2 against the running demo, with the PyPI client `georeport`.

usage: check_open311.py BASE_URL ACCOUNTS_FILE

Files one request as a program would (POST requests.json with the demo's API key), has
the demo's moderator publish it through the staff workspace (a real sign-in and form),
then reads services, a service definition, requests and that one request with
`georeport`, in JSON and in XML. Prints one line per check and `N passed, M failed`.
"""

import re
import sys

import requests
from georeport import GeoReport

base, accounts_file = sys.argv[1].rstrip("/"), sys.argv[2]
text = open(accounts_file, encoding="utf-8").read()
api_key = re.search(r"Open311 API key \(Demo SMS gateway\): (\S+)", text).group(1)
moderator = re.search(r"^(moderator@\S+)\s+(\S+)\s+moderator", text, re.M)

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


# A program files a request.
r = requests.post(
    f"{base}/open311/v2/requests.json",
    data={
        "api_key": api_key,
        "service_code": "water-supply",
        "lat": "-1.42",
        "long": "37.30",
        "description": "Standpipe dry since Monday (filed by check_open311.py)",
    },
    timeout=30,
)
check("POST requests.json with the demo key answers 201", r.status_code == 201, r.text)
request_id = r.json()[0]["service_request_id"]
r = requests.post(f"{base}/open311/v2/requests.json", data={"service_code": "water-supply", "lat": "-1.42", "long": "37.3"}, timeout=30)
check("POST without a key answers 403 as a list of errors", r.status_code == 403 and r.json()[0]["code"] == 403, r.text)

# The moderator publishes it, through the sign-in form and the moderation form.
s = requests.Session()
page = s.get(f"{base}/staff/sign-in", timeout=30).text
token = re.search(r'name="token" value="([^"]+)"', page).group(1)
s.post(f"{base}/staff/sign-in", data={"email": moderator.group(1), "password": moderator.group(2), "token": token, "next": "/staff"}, timeout=30)
page = s.get(f"{base}/staff/reports/{request_id}", timeout=30).text
csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
r = s.post(f"{base}/staff/reports/{request_id}/moderate", data={"csrf": csrf, "decision": "publish"}, timeout=30)
check("the moderator publishes it", r.status_code == 200, str(r.status_code))

for fmt in ("json", "xml"):
    client = GeoReport(f"{base}/open311/v2", output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    check(f"{fmt}: get_service_list names the categories", "water-supply" in codes and "works-stalled" in codes, str(codes))
    definition = client.get_service_definition("works-stalled")
    attributes = definition["attributes"]
    if fmt == "xml":
        attributes = attributes["attribute"]
    names = [a["code"] for a in attributes]
    check(f"{fmt}: get_service_definition lists its attributes", names == ["ward", "project"], str(names))
    found = client.get_service_requests(service_code="water-supply")
    if isinstance(found, dict):
        found = [found]
    check(f"{fmt}: get_service_requests finds the request", any(x["service_request_id"] == request_id for x in found), str(found)[:300])
    one = client.get_service_request(request_id)
    check(f"{fmt}: get_service_request reads it, open", one["service_request_id"] == request_id and one["status"] == "open", str(one)[:300])

print(f"check_open311: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
