#!/usr/bin/env python3
"""Load pages in headless Chromium the way a person's browser would, and fail on
anything a person would notice.

usage: browser_check.py BASE_URL OUTDIR [--colours HEX,HEX... [--popup WORD]] PATH...

With --colours, each page must also show at least a few dozen pixels of each colour
(the interactive map's status colours, say). With --popup too, a click on what is drawn
in the first colour must open a map pop-up for one project that says WORD (its status
in the page's language, say); a click on a gathered point zooms in, and it clicks again.

For each PATH, a fresh headless Chromium (fresh temporary profile) loads
BASE_URL+PATH in a 1100x1400 window, and the check fails (exit 1) when:
  * the page or any resource it loads answers with HTTP >= 400, or fails to
    load at all (connection refused, blocked, ...);
  * the page logs a console error (console.error / console.assert), throws an
    uncaught exception, or Chromium logs an error for it (e.g. "Failed to load
    resource", a CSP violation);
  * the screenshot is blank: fewer than 1% of its pixels differ from its most
    common colour;
  * the rendered DOM has no <main element.
Each page leaves OUTDIR/<slug>.png (screenshot), OUTDIR/<slug>.html (rendered
DOM) and OUTDIR/<slug>.chromium.log (Chromium's own stderr).

Why the DevTools protocol and not just --screenshot/--dump-dom: Chromium's
stderr log (--enable-logging=stderr --v=0) prints every console message of a
web page at INFO level, whatever its level, e.g.
    [17456:17456:1123/081426.871920:INFO:CONSOLE:1] "x", source: http://127.0.0.1:18999/bad.html (1)
for console.error('x') and console.log('x') alike, and it prints nothing at
all for a failed image/script/CSS load or an HTTP 404. So this script talks
the DevTools protocol over --remote-debugging-pipe (file descriptors 3 and 4,
NUL-terminated JSON), which reports console levels, exceptions, network
failures and status codes exactly; it needs only the standard library.

Standard library only; needs `chromium` on PATH (Debian: apt-get install chromium)
or CHROMIUM=/path/to/binary.
"""

import base64
import json
import os
import queue
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

WIDTH, HEIGHT = 1100, 1400
MIN_NON_BACKGROUND = 0.01  # fraction of pixels that must differ from the commonest colour
PAGE_TIMEOUT = 60.0  # seconds for one page, start to finish
IDLE_AFTER_LOAD = 0.75  # seconds without network activity after the load event

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # WebGL in software, for the interactive map (no GPU in CI).
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
    "--enable-logging=stderr",
    "--v=0",
    f"--window-size={WIDTH},{HEIGHT}",
    "--remote-debugging-pipe",
]


class CheckError(Exception):
    pass


# --------------------------------------------------------------------------- PNG


def png_pixels(data):
    """Decode an 8-bit, non-interlaced PNG (grey, grey+alpha, RGB, RGBA, palette).

    Returns (width, height, channels, rows) with rows a list of bytes objects.
    """
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise CheckError("screenshot is not a PNG")
    pos, idat, ihdr, palette = 8, [], None, None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        ctype = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if ctype == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif ctype == b"PLTE":
            palette = body
        elif ctype == b"IDAT":
            idat.append(body)
        elif ctype == b"IEND":
            break
    if ihdr is None:
        raise CheckError("PNG has no IHDR")
    width, height, depth, colour, _comp, _filt, interlace = ihdr
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise CheckError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    bpp = channels
    rows, prev = [], bytearray(stride)
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        if ftype == 0:
            pass
        elif ftype == 1:  # Sub
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 0xFF
        elif ftype == 2:  # Up
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 0xFF
        elif ftype == 3:  # Average
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 0xFF
        elif ftype == 4:  # Paeth
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                if pa <= pb and pa <= pc:
                    pred = a
                elif pb <= pc:
                    pred = b
                else:
                    pred = c
                line[x] = (line[x] + pred) & 0xFF
        else:
            raise CheckError(f"PNG has unknown filter type {ftype}")
        rows.append(bytes(line))
        prev = line
    if colour == 3:  # expand palette to RGB
        if palette is None:
            raise CheckError("palette PNG without PLTE")
        rows = [b"".join(palette[3 * v : 3 * v + 3] for v in r) for r in rows]
        channels = 3
    return width, height, channels, rows


def colour_mask(png_bytes, hex_colour, tolerance=24):
    """Rows of booleans: whether each pixel is within `tolerance` (sum of channel
    differences) of a colour."""
    want = bytes.fromhex(hex_colour.lstrip("#"))
    _, _, channels, rows = png_pixels(png_bytes)
    return [
        [abs(r[x] - want[0]) + abs(r[x + 1] - want[1]) + abs(r[x + 2] - want[2]) <= tolerance for x in range(0, len(r), channels)]
        for r in rows
    ]


def colour_pixels(png_bytes, hex_colour):
    """How many pixels are of a colour."""
    return sum(map(sum, colour_mask(png_bytes, hex_colour)))


def colour_spot(png_bytes, hex_colour):
    """A pixel of a colour whose eight neighbours are of it too (inside what is drawn in
    it, not on an edge), as (x, y); None when there is none."""
    mask = colour_mask(png_bytes, hex_colour)
    for y in range(1, len(mask) - 1):
        for x in range(1, len(mask[y]) - 1):
            if all(mask[y + dy][x + dx] for dy in (-1, 0, 1) for dx in (-1, 0, 1)):
                return x, y
    return None


POPUP_TRIES = 4  # clicks: each on a gathered point zooms in two levels


def check_popup(b, sid, colour, word):
    """Clicks what is drawn in `colour` until a pop-up for one project opens; problems."""
    popup = "document.querySelector('.maplibregl-popup-content')"
    for _ in range(POPUP_TRIES):
        png = base64.b64decode(b.send("Page.captureScreenshot", {"format": "png"}, session=sid)["data"])
        spot = colour_spot(png, colour)
        if spot is None:
            return [f"nothing drawn in {colour} to click"]
        for kind in ("mousePressed", "mouseReleased"):
            b.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": spot[0], "y": spot[1], "button": "left", "clickCount": 1},
                session=sid,
            )
        time.sleep(2.0)  # the pop-up, or the zoom towards a gathered point's projects
        found = b.send(
            "Runtime.evaluate",
            {"expression": f"{popup} && [{popup}.textContent, !!{popup}.querySelector('a')]", "returnByValue": True},
            session=sid,
        )
        text, one = found.get("result", {}).get("value") or ("", False)
        if one:
            return [] if word in text else [f"the pop-up of a project drawn in {colour} says {text!r}, not {word!r}"]
    return [f"no pop-up of one project after {POPUP_TRIES} clicks on {colour}"]


MIN_COLOUR_PIXELS = 30


def non_background_fraction(png_bytes):
    """Fraction of pixels whose colour differs from the most common colour."""
    width, height, channels, rows = png_pixels(png_bytes)
    counts = {}
    for r in rows:
        for x in range(0, len(r), channels):
            px = r[x : x + channels]
            counts[px] = counts.get(px, 0) + 1
    total = width * height
    if total == 0:
        return 0.0, (width, height)
    return 1.0 - max(counts.values()) / total, (width, height)


# ------------------------------------------------------------------ DevTools pipe


class Browser:
    """One headless Chromium driven over --remote-debugging-pipe."""

    def __init__(self, binary, log_path):
        self.profile = tempfile.mkdtemp(prefix="browser-check-profile-")
        # to_chrome: we write, Chromium reads on fd 3; from_chrome: Chromium writes fd 4.
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # move the child's ends out of the way of 3 and 4 before dup2-ing them there
        import fcntl

        child_r = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10)
        child_w = fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
        os.close(to_r)
        os.close(from_w)

        def in_child():
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.log_file = open(log_path, "wb")
        cmd = [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "about:blank"]
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=in_child,
            close_fds=False,
            start_new_session=True,
        )
        os.close(child_r)
        os.close(child_w)
        self.wfd = to_w
        self.rfd = from_r
        self.next_id = 0
        self.events = queue.Queue()
        self.replies = {}
        self.cond = threading.Condition()
        self.closed = False
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buf = b""
        while True:
            try:
                chunk = os.read(self.rfd, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                msg, buf = buf.split(b"\0", 1)
                try:
                    obj = json.loads(msg)
                except ValueError:
                    continue
                if "id" in obj:
                    with self.cond:
                        self.replies[obj["id"]] = obj
                        self.cond.notify_all()
                else:
                    self.events.put(obj)
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        self.events.put(None)

    def send(self, method, params=None, session=None, timeout=30.0):
        self.next_id += 1
        mid = self.next_id
        msg = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        try:
            os.write(self.wfd, data)
        except OSError as e:
            raise CheckError(f"chromium pipe closed while sending {method}: {e}")
        deadline = time.monotonic() + timeout
        with self.cond:
            while mid not in self.replies:
                left = deadline - time.monotonic()
                if self.closed:
                    raise CheckError(f"chromium exited while waiting for {method}")
                if left <= 0:
                    raise CheckError(f"timed out after {timeout:.0f}s waiting for {method}")
                self.cond.wait(left)
            reply = self.replies.pop(mid)
        if "error" in reply:
            raise CheckError(f"{method} failed: {reply['error']}")
        return reply.get("result", {})

    def close(self):
        try:
            if not self.closed:
                self.send("Browser.close", timeout=5)
        except CheckError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, 9)
            except OSError:
                pass
            self.proc.wait()
        for fd in (self.wfd, self.rfd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log_file.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def remote_object_text(arg):
    if "value" in arg:
        v = arg["value"]
        return v if isinstance(v, str) else json.dumps(v)
    return arg.get("description") or arg.get("unserializableValue") or arg.get("type", "?")


def is_auto_favicon(url, rtype):
    return rtype == "Other" and re.match(r"^https?://[^/]+/favicon\.ico$", url or "") is not None


def check_page(binary, url, outdir, slug, colours=(), popup=None):
    """Returns (problems, notes); problems non-empty means the page fails."""
    problems, notes = [], []
    log_path = os.path.join(outdir, slug + ".chromium.log")
    b = Browser(binary, log_path)
    start = time.monotonic()
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        sid = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.send(domain + ".enable", session=sid)
        b.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
            session=sid,
        )
        b.send("Network.setCacheDisabled", {"cacheDisabled": True}, session=sid)
        nav = b.send("Page.navigate", {"url": url}, session=sid)
        if nav.get("errorText"):
            # nothing else about the page means anything then (the error page is shown)
            return [f"navigation failed: {nav['errorText']}"], notes
        loader = nav.get("loaderId")

        requests = {}  # requestId -> (url, resource type)
        log_errors = []  # (url, message): judged once all requests are known
        in_flight = set()
        loaded = False
        last_activity = time.monotonic()
        while True:
            now = time.monotonic()
            if now - start > PAGE_TIMEOUT:
                problems.append(f"page did not finish loading within {PAGE_TIMEOUT:.0f}s")
                break
            if loaded and not in_flight and now - last_activity >= IDLE_AFTER_LOAD:
                break
            # A page that keeps a request open after loading (a map's module worker,
            # whose own session reports its end) is done once the network is quiet.
            if loaded and now - last_activity >= 4 * IDLE_AFTER_LOAD:
                notes.extend(f"still open after load: {requests.get(r, (r, ''))[0]}" for r in sorted(in_flight))
                break
            try:
                ev = b.events.get(timeout=0.1)
            except queue.Empty:
                continue
            if ev is None:
                problems.append("chromium exited during page load")
                break
            if ev.get("sessionId") != sid:
                continue
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Page.loadEventFired":
                loaded = True
                last_activity = time.monotonic()
            elif m == "Network.requestWillBeSent":
                requests[p["requestId"]] = (p["request"]["url"], p.get("type", "Other"))
                in_flight.add(p["requestId"])
                last_activity = time.monotonic()
            elif m == "Network.responseReceived":
                r = p["response"]
                status = r.get("status", 0)
                if status >= 400:
                    what = "page" if p.get("type") == "Document" and p.get("loaderId") == loader else p.get("type", "resource")
                    msg = f"HTTP {status} for {what} {r.get('url')}"
                    # the browser's own /favicon.ico probe (type Other): a person never sees it fail
                    if is_auto_favicon(r.get("url", ""), p.get("type", "Other")):
                        notes.append(msg + " (browser's automatic favicon request; ignored)")
                    else:
                        problems.append(msg)
                last_activity = time.monotonic()
            elif m == "Network.loadingFinished":
                in_flight.discard(p["requestId"])
                last_activity = time.monotonic()
            elif m == "Network.loadingFailed":
                in_flight.discard(p["requestId"])
                last_activity = time.monotonic()
                reason = p.get("blockedReason") or p.get("corsErrorStatus", {}).get("corsError") or p.get("errorText")
                rurl, rtype = requests.get(p["requestId"], ("?", p.get("type", "Other")))
                msg = f"failed to load {p.get('type', 'resource')} {rurl}: {reason}"
                (notes if is_auto_favicon(rurl, rtype) else problems).append(msg)
            elif m == "Runtime.consoleAPICalled":
                text = " ".join(remote_object_text(a) for a in p.get("args", []))
                if p.get("type") in ("error", "assert"):
                    problems.append(f"console.{p['type']}: {text}")
                elif p.get("type") == "warning":
                    notes.append(f"console.warn: {text}")
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                exc = d.get("exception", {})
                text = exc.get("description") or d.get("text")
                problems.append(f"uncaught exception: {text} ({d.get('url', '')}:{d.get('lineNumber', 0) + 1})")
            elif m == "Log.entryAdded":
                e = p.get("entry", {})
                if e.get("level") == "error":
                    log_errors.append((e.get("url", ""), f"browser log error [{e.get('source')}]: {e.get('text')} {e.get('url', '')}".rstrip()))
                elif e.get("level") == "warning":
                    notes.append(f"browser log warning [{e.get('source')}]: {e.get('text')}")

        explicit = {u for (u, t) in requests.values() if t != "Other"}
        for u, msg in log_errors:
            if is_auto_favicon(u, "Other") and u not in explicit:
                notes.append(msg + " (automatic favicon request; ignored)")
            else:
                problems.append(msg)

        shot = b.send("Page.captureScreenshot", {"format": "png"}, session=sid)
        png = base64.b64decode(shot["data"])
        with open(os.path.join(outdir, slug + ".png"), "wb") as f:
            f.write(png)
        for colour in colours:
            n = colour_pixels(png, colour)
            notes.append(f"{n} pixels drawn in {colour}")
            if n < MIN_COLOUR_PIXELS:
                problems.append(f"nothing drawn in {colour}: {n} pixels of it (need {MIN_COLOUR_PIXELS})")
        if popup and colours:
            problems.extend(check_popup(b, sid, colours[0], popup))
        frac, (w, h) = non_background_fraction(png)
        notes.append(f"screenshot {w}x{h}, {frac * 100:.1f}% non-background pixels")
        if frac < MIN_NON_BACKGROUND:
            problems.append(
                f"screenshot is blank: only {frac * 100:.2f}% of pixels differ from the most common colour "
                f"(need {MIN_NON_BACKGROUND * 100:.0f}%)"
            )

        dom = b.send(
            "Runtime.evaluate",
            {"expression": "document.documentElement.outerHTML", "returnByValue": True},
            session=sid,
        )
        html = dom.get("result", {}).get("value") or ""
        with open(os.path.join(outdir, slug + ".html"), "w", encoding="utf-8") as f:
            f.write("<!DOCTYPE html>\n" + html)
        if "<main" not in html:
            problems.append("rendered DOM has no <main element")
    finally:
        b.close()
    # the same message may arrive through both Log and Network/Runtime: keep order, drop repeats
    seen, unique = set(), []
    for msg in problems:
        if msg not in seen:
            seen.add(msg)
            unique.append(msg)
    return unique, notes


def slug_for(path):
    s = re.sub(r"[^A-Za-z0-9._-]+", "_", path.strip("/"))
    return s or "root"


def main(argv):
    if len(argv) < 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    base, outdir, paths = argv[1].rstrip("/"), argv[2], argv[3:]
    colours = ()
    if paths[:1] == ["--colours"] and len(paths) >= 3:
        colours, paths = tuple(c for c in paths[1].split(",") if c), paths[2:]
    popup = None
    if colours and paths[:1] == ["--popup"] and len(paths) >= 3:
        popup, paths = paths[1], paths[2:]
    binary = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not binary:
        print("browser_check: chromium not found (apt-get install chromium, or set CHROMIUM)", file=sys.stderr)
        return 2
    os.makedirs(outdir, exist_ok=True)
    failed = 0
    for path in paths:
        if not path.startswith("/"):
            path = "/" + path
        url = base + path
        slug = slug_for(path)
        try:
            problems, notes = check_page(binary, url, outdir, slug, colours, popup)
        except CheckError as e:
            problems, notes = [str(e)], []
        if problems:
            failed += 1
            print(f"FAIL {url}")
            for msg in problems:
                print(f"  - {msg}")
        else:
            print(f"ok   {url}")
        for msg in notes:
            print(f"    {msg}")
        made = [e for e in ("png", "html", "chromium.log") if os.path.exists(os.path.join(outdir, f"{slug}.{e}"))]
        print(f"    files: {os.path.join(outdir, slug)}.{{{','.join(made)}}}")
    print(f"browser_check: {len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
