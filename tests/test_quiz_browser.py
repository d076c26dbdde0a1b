"""Every self-check quiz of the built book, answered by keyboard alone in headless Chromium.

On every page with a quiz, at 1280 and 390 px wide, in the theme's light and dark mode, the test
presses Tab from the top of the page until it reaches each question, and then:

- checks that every control it lands on (each option, each number box, each "Check answer"
  button) looks different when it has keyboard focus (outline or box shadow), and that the focus
  indicator has 3:1 contrast against the quiz's background;
- moves through the options with the arrow keys and checks that this answers nothing (the
  feedback stays empty), then presses Enter on each option in turn and checks that exactly one
  is "Correct." and the others "Not quite.", in words, each with its own feedback;
- types into the number box (Enter checks), and measures the contrast of the typed text against
  the box (at least 4.5:1), like every other text in the quiz;
- checks that the feedback appears in a live region that was on the page before the answer
  (``aria-live="polite"``, role ``status``, read from Chromium's own accessibility tree through
  the DevTools protocol), and that focus stays on the control the student used;
- checks the grouping in the accessibility tree: each question a group named by its question,
  with its options (radio buttons) or its labelled text box inside.

What this cannot check: headless Chromium reports the accessibility tree and the attributes a
screen reader reads, not what a real screen reader (NVDA, JAWS, VoiceOver, TalkBack, ChromeVox)
says, and it has no phone keyboard: ``inputmode="decimal"`` is checked as an attribute, not by
seeing which keyboard a phone opens. Those need a person with the device.

Screenshots of the quiz after the keyboard answers are saved in ``_build/screenshots/``
(``quiz-<page>-<width>-<mode>.png``, and ``...-wrong.png`` for a first wrong answer, focus ring
showing) for a person to look at. A last test runs the same checks on broken copies of a quiz
(no focus style, feedback outside a live region, white on white, an answer on arrow keys, Enter
that does nothing, focus thrown away, no words) and shows that each is caught.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BUILD
from reopening import quiz
from test_browser import CHROMIUM, CHROMIUM_FLAGS, pages_of, server  # noqa: F401  (server is a fixture)

pytestmark = pytest.mark.slow

SCREENSHOTS = BUILD / "screenshots"
WIDTHS = [1280, 390]
MODES = ["light", "dark"]
VERDICTS = ("Correct.", "Not quite.")
SETTLE_MS = 200  # longer than the quiz's own delay before it fills a live region
MAX_TABS = 400

# JavaScript helpers, installed on every page before the checks run.
HELPERS = r"""
window.__quizTest = (() => {
  function parse(c) {
    const m = /rgba?\(([^)]*)\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let base = [255, 255, 255];
    for (let i = layers.length - 1; i >= 0; i--) {
      const [r, g, b, a] = layers[i];
      base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
    }
    return base;
  }
  function over(c, bg) {
    const a = c[3];
    return [c[0] * a + bg[0] * (1 - a), c[1] * a + bg[1] * (1 - a), c[2] * a + bg[2] * (1 - a)];
  }
  function lum(rgb) {
    const l = rgb.map(v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function ratio(a, b) {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  function textContrast(el) {
    const c = parse(getComputedStyle(el).color);
    if (!c) return {ratio: 0, why: "unreadable colour " + getComputedStyle(el).color};
    const bg = background(el);
    return {ratio: ratio(over(c, bg), bg), color: getComputedStyle(el).color, bg: "rgb(" + bg.map(Math.round).join(",") + ")"};
  }
  // What a focused control shows: its own outline and box shadow, and (for an option) its label's.
  function indicator(el) {
    const s = getComputedStyle(el);
    const label = el.closest("label");
    const ls = label ? getComputedStyle(label) : null;
    return {
      outline: s.outlineStyle === "none" ? "none" : s.outlineStyle + " " + s.outlineWidth + " " + s.outlineColor,
      outlineWidth: parseFloat(s.outlineWidth) || 0, outlineStyle: s.outlineStyle, outlineColor: s.outlineColor,
      shadow: s.boxShadow, labelShadow: ls ? ls.boxShadow : "none", labelOutline: ls ? ls.outlineStyle + " " + ls.outlineWidth : "none",
      border: s.borderColor + " " + s.borderWidth, background: s.backgroundColor,
    };
  }
  function controls(root) {
    return Array.from((root || document).querySelectorAll(".rq-quiz input, .rq-quiz button, .rq-quiz select, .rq-quiz textarea"));
  }
  function visibleText(el) {
    const copy = el.cloneNode(true);
    copy.querySelectorAll("[aria-hidden=true]").forEach(n => n.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function liveOf(el, stop) {
    for (let e = el; e && e !== stop.parentElement; e = e.parentElement) {
      const live = e.getAttribute("aria-live");
      const role = e.getAttribute("role");
      if ((live && live !== "off") || ["status", "alert", "log"].includes(role)) return e;
    }
    return null;
  }
  return {parse, background, ratio, textContrast, indicator, controls, visibleText, liveOf};
})();
// Remember every control's look before anything is focused, and every live region on the page.
window.__quizTest.unfocused = new Map(window.__quizTest.controls().map(el => [el, window.__quizTest.indicator(el)]));
window.__quizTest.liveAtLoad = new Set(Array.from(document.querySelectorAll("[aria-live], [role=status], [role=alert], [role=log]")));
"""

ACTIVE = """() => {
  const el = document.activeElement;
  const q = el && el.closest && el.closest("fieldset.rq-q, .rq-quiz fieldset");
  if (!q) return {qid: null, tag: el ? el.tagName : null};
  const kind = el.type === "radio" ? "radio" : el.tagName === "BUTTON" ? "button" : el.tagName === "INPUT" ? "text" : "other";
  return {qid: q.id, kind: kind, value: el.value};
}"""


class Run:
    """The problems found on one page at one width and mode, and what was answered."""

    def __init__(self, page, name: str, width: int, mode: str):
        self.page, self.name, self.width, self.mode = page, name, width, mode
        self.problems: list[str] = []
        self.answered: set[str] = set()
        self.cdp = page.context.new_cdp_session(page)
        self.shot_wrong = False

    def problem(self, kind: str, where: str, detail: str) -> None:
        self.problems.append(f"{self.name} @{self.width}px {self.mode}: {kind}: {where}: {detail}")

    def ax(self, selector: str) -> dict:
        """The node Chromium's accessibility tree has for the element (role, name, properties)."""
        root = self.cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = self.cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        if not node:
            return {}
        nodes = self.cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
        ax = nodes[0] if nodes else {}
        props = {p["name"]: p.get("value", {}).get("value") for p in ax.get("properties", [])}
        return {"role": ax.get("role", {}).get("value"), "name": ax.get("name", {}).get("value", ""), "props": props, "ignored": ax.get("ignored")}


# --------------------------------------------------------------------------- the checks


def check_focus(run: Run, where: str) -> None:
    """The focused control must look different from its unfocused self, visibly (3:1)."""
    info = run.page.evaluate(
        """() => {
          const t = window.__quizTest, el = document.activeElement;
          const before = t.unfocused.get(el), now = t.indicator(el);
          const bg = t.background(el.closest("fieldset") || el.parentElement);
          const ring = t.parse(now.outlineColor);
          return {before, now, ringRatio: ring ? t.ratio(ring.slice(0, 3), bg) : 0, focusVisible: el.matches(":focus-visible")};
        }"""
    )
    before, now = info["before"], info["now"]
    if before is None:
        run.problem("focus", where, "a control that was not on the page at load")
        return
    outline_shows = now["outlineStyle"] != "none" and now["outlineWidth"] >= 2 and now["outline"] != before["outline"] and info["ringRatio"] >= 3
    shadow_shows = now["shadow"] != before["shadow"] and now["shadow"] != "none"
    label_shows = now["labelShadow"] != before["labelShadow"] and now["labelShadow"] != "none"
    if not (outline_shows or shadow_shows or label_shows):
        run.problem(
            "focus not visible", where,
            f"focused {now} looks like unfocused {before} (outline ring contrast {info['ringRatio']:.2f}:1)",
        )


def check_quiz_text(run: Run, qid: str) -> None:
    """Every text in the question (legend, options, label, button, typed number, feedback): 4.5:1."""
    found = run.page.evaluate(
        """(qid) => {
          const t = window.__quizTest, q = document.getElementById(qid), out = [];
          const els = [q, ...q.querySelectorAll("*")].filter(el => {
            if (el.tagName === "INPUT") return el.type === "text" && el.value;
            return Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
          });
          for (const el of els) {
            if (!el.getClientRects().length) continue;
            const c = t.textContrast(el);
            out.push({what: el.tagName.toLowerCase() + "." + el.className + " " + (el.value || el.textContent).trim().slice(0, 40), ...c});
          }
          return out;
        }""",
        qid,
    )
    for item in found:
        if item["ratio"] < 4.5:
            run.problem("contrast", qid, f"{item['what']!r}: {item.get('color')} on {item.get('bg')} is {item['ratio']:.2f}:1 (needs 4.5:1) {item.get('why', '')}")


def check_grouping(run: Run, qid: str, kind: str) -> None:
    group = run.ax(f"#{qid}")
    legend = run.page.evaluate("(qid) => (document.querySelector('#' + qid + ' legend') || {}).textContent || ''", qid)
    if group.get("role") not in ("group", "radiogroup") or not legend.strip() or " ".join(legend.split()) not in " ".join(group.get("name", "").split()):
        run.problem("grouping", qid, f"the question is not a group named by its legend (role {group.get('role')!r}, name {group.get('name')!r})")
    if kind == "radio":
        radios = run.page.evaluate("(qid) => document.querySelectorAll('#' + qid + ' input[type=radio]').length", qid)
        for i in range(radios):
            node = run.ax(f"#{qid} label:nth-of-type({i + 1}) input")
            if node.get("role") != "radio" or not node.get("name"):
                run.problem("grouping", qid, f"option {i + 1} is not a named radio button inside the question ({node})")
    if kind == "text":
        box = run.ax(f"#{qid} input")
        attrs = run.page.evaluate(
            "(qid) => { const i = document.querySelector('#' + qid + ' input'); return {mode: i.getAttribute('inputmode'), labels: i.labels ? Array.from(i.labels).map(l => l.getClientRects().length > 0) : []}; }",
            qid,
        )
        if box.get("role") != "textbox" or not box.get("name"):
            run.problem("grouping", qid, f"the number box is not a named text box ({box})")
        if not any(attrs["labels"]):
            run.problem("label", qid, "the number box has no visible label")
        if attrs["mode"] not in ("decimal", "numeric"):
            run.problem("phone keyboard", qid, f"inputmode is {attrs['mode']!r}: a phone shows its letter keyboard")


def feedback_now(run: Run, qid: str) -> dict:
    """The question's feedback as a reader gets it: its words, and the live region they are in."""
    return run.page.evaluate(
        """(qid) => {
          const t = window.__quizTest, q = document.getElementById(qid);
          // the first element, in page order, that shows text and is not part of the question itself
          const candidates = Array.from(q.querySelectorAll(":scope > *, :scope > * > *")).filter(el =>
            !el.closest("legend, label, button, script, .rq-options, .rq-answer, .rq-actions") && !el.matches("input") &&
            t.visibleText(el) && el.getClientRects().length);
          const el = candidates[0] || null;
          if (!el) return {text: "", live: null, state: q.getAttribute("data-rq-state")};
          const live = t.liveOf(el, q);
          return {text: t.visibleText(el), live: live ? (live.getAttribute("aria-live") || live.getAttribute("role")) : null,
                  liveAtLoad: live ? t.liveAtLoad.has(live) : false, state: q.getAttribute("data-rq-state")};
        }""",
        qid,
    )


def check_answers_nothing(run: Run, qid: str, where: str) -> None:
    run.page.wait_for_timeout(SETTLE_MS)
    fb = feedback_now(run, qid)
    if fb["text"] or fb.get("state"):
        run.problem("arrow key answered", where, f"moving between options showed {fb['text']!r}")


def press_and_check(run: Run, qid: str, key: str, where: str, expect_text: str | None = None) -> str | None:
    """Press ``key`` to check an answer; then the feedback must be in words, in a live region
    that was on the page before, and focus must still be on the control the key was pressed on."""
    before = run.page.evaluate_handle("() => document.activeElement")
    run.page.keyboard.press(key)
    fb = {"text": ""}
    for _ in range(10):
        run.page.wait_for_timeout(SETTLE_MS)
        fb = feedback_now(run, qid)
        if fb["text"]:
            break
    text = fb["text"]
    same_focus = run.page.evaluate("(el) => document.activeElement === el", before)
    if not same_focus:
        tag = run.page.evaluate("() => document.activeElement && document.activeElement.tagName")
        run.problem("focus moved", where, f"after checking, focus went to {tag}")
    if not text:
        run.problem("Enter did not check" if key == "Enter" else "no feedback", where, f"{key} showed no feedback")
        return None
    verdict = next((v for v in VERDICTS if text.startswith(v)), None)
    if verdict is None:
        run.problem("no verdict in words", where, f"feedback {text!r} does not begin with 'Correct.' or 'Not quite.'")
    if not fb["live"] or not fb["liveAtLoad"]:
        run.problem("not in a live region", where, f"feedback {text!r} is not inside an aria-live region that existed before the answer")
    else:
        node = run.ax(f"#{qid} .rq-feedback")
        if node.get("props", {}).get("live") not in ("polite", "assertive"):
            run.problem("not in a live region", where, f"Chromium's accessibility tree has no live region for the feedback ({node})")
    if expect_text and expect_text not in text:
        run.problem("wrong feedback", where, f"expected {expect_text!r} in {text!r}")
    return verdict


def data_of(run: Run, qid: str) -> dict:
    return run.page.evaluate(
        """(qid) => { const f = document.getElementById(qid), root = f.closest('.rq-quiz');
          const i = Array.from(root.querySelectorAll('fieldset.rq-q')).indexOf(f);
          return JSON.parse(root.querySelector('script.rq-data').textContent).questions[i]; }""",
        qid,
    )


def answer_choice(run: Run, qid: str, shoot_wrong: Path | None) -> None:
    page, data = run.page, data_of(run, qid)
    n = len(data["answers"])
    check_grouping(run, qid, "radio")
    check_focus(run, f"{qid} option 1")
    page.keyboard.press("Space")  # select the first option: selecting is not answering
    check_answers_nothing(run, qid, f"{qid} option 1 (Space)")
    verdicts = []
    for i in range(n):
        if i:
            was = page.evaluate("(qid) => document.querySelector('#' + qid + ' input:checked')?.value", qid)
            page.keyboard.press("ArrowDown")
            now = page.evaluate("(qid) => document.querySelector('#' + qid + ' input:checked')?.value", qid)
            if was == now:
                run.problem("arrow keys", f"{qid} option {i + 1}", "ArrowDown did not move to the next option")
            check_answers_nothing(run, qid, f"{qid} ArrowDown to option {i + 1}")
            check_focus(run, f"{qid} option {i + 1}")
        verdict = press_and_check(run, qid, "Enter", f"{qid} Enter on option {i + 1}", data["answers"][i]["feedback"])
        verdicts.append(verdict)
        if verdict == "Not quite." and shoot_wrong is not None and not run.shot_wrong:
            check_quiz_text(run, qid)
            page.locator(f"#{qid}").screenshot(path=str(shoot_wrong))
            run.shot_wrong = True
        check_quiz_text(run, qid)
    if verdicts.count("Correct.") != 1 or verdicts.count("Not quite.") != n - 1:
        run.problem("verdicts", qid, f"Enter on each option gave {verdicts}: expected one 'Correct.' and the rest 'Not quite.'")
    if "Correct." in verdicts:  # go back to the right answer, by arrow keys, answering nothing on the way
        for _ in range(n - 1 - verdicts.index("Correct.")):
            page.keyboard.press("ArrowUp")
            check_answers_nothing(run, qid, f"{qid} ArrowUp")
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    if active.get("qid") != qid or active.get("kind") != "button":
        run.problem("tab order", qid, f"Tab from the options went to {active}, not the question's Check button")
        return
    check_focus(run, f"{qid} Check button")
    press_and_check(run, qid, "Enter", f"{qid} Enter on Check")
    press_and_check(run, qid, "Space", f"{qid} Space on Check")
    check_quiz_text(run, qid)


def answer_number(run: Run, qid: str) -> None:
    page, data = run.page, data_of(run, qid)
    check_grouping(run, qid, "text")
    check_focus(run, f"{qid} number box")
    right = data["value"]
    typed_right = str(int(right)) if float(right).is_integer() else repr(right)
    page.keyboard.type(str(int(right) + 7 if float(right).is_integer() else right + 7.5))
    check_quiz_text(run, qid)  # the typed text must be readable
    size = page.evaluate("() => parseFloat(getComputedStyle(document.activeElement).fontSize)")
    if size < 16:
        run.problem("phone zoom", qid, f"the number box's text is {size}px; phones zoom into a box under 16px")
    verdict = press_and_check(run, qid, "Enter", f"{qid} Enter with a wrong number", data.get("hint"))
    if verdict and verdict != "Not quite.":
        run.problem("verdicts", qid, f"a wrong number was judged {verdict!r}")
    page.keyboard.press("Control+A")
    page.keyboard.type(typed_right)
    verdict = press_and_check(run, qid, "Enter", f"{qid} Enter with the right number", data.get("correct_feedback"))
    if verdict and verdict != "Correct.":
        run.problem("verdicts", qid, f"the right number {typed_right} was judged {verdict!r}")
    page.keyboard.press("Tab")
    active = page.evaluate(ACTIVE)
    if active.get("qid") != qid or active.get("kind") != "button":
        run.problem("tab order", qid, f"Tab from the number box went to {active}, not the question's Check button")
        return
    check_focus(run, f"{qid} Check button")
    press_and_check(run, qid, "Enter", f"{qid} Enter on Check", data.get("correct_feedback"))
    check_quiz_text(run, qid)


def check_layout(run: Run) -> None:
    """Nothing wider than the screen, and every control a target of 24 px or more (WCAG 2.5.8)."""
    info = run.page.evaluate(
        """() => {
          const out = {wide: [], small: []}, vw = document.documentElement.clientWidth;
          for (const q of document.querySelectorAll(".rq-quiz")) {
            const r = q.getBoundingClientRect();
            if (r.right > vw + 1 || q.scrollWidth > q.clientWidth + 1) out.wide.push(q.id + " " + Math.round(r.right) + " > " + vw);
          }
          for (const el of document.querySelectorAll(".rq-quiz button, .rq-quiz input[type=text], .rq-quiz label:has(input)")) {
            const r = el.getBoundingClientRect();
            if (r.height < 24 || r.width < 24) out.small.push((el.textContent || el.tagName).trim().slice(0, 30) + " " + Math.round(r.width) + "x" + Math.round(r.height));
          }
          return out;
        }"""
    )
    for w in info["wide"]:
        run.problem("too wide", "quiz", w)
    for s in info["small"]:
        run.problem("small target", "control", s)


def answer_page_by_keyboard(page, name: str, width: int, mode: str, shots: str | None = None) -> tuple[list[str], int]:
    """Tab through the whole page and answer each question met on the way, by keyboard alone.

    Returns the problems and the number of questions answered. ``page`` is loaded, unfocused."""
    run = Run(page, name, width, mode)
    page.evaluate(HELPERS)
    questions = page.evaluate("() => Array.from(document.querySelectorAll('.rq-quiz fieldset')).map(f => f.id)")
    if not questions:
        return [], 0
    check_layout(run)
    wrong_shot = SCREENSHOTS / f"{shots}-wrong.png" if shots else None
    for _ in range(MAX_TABS):
        if run.answered >= set(questions):
            break
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        qid = active.get("qid")
        if not qid or qid in run.answered:
            continue
        run.answered.add(qid)
        if active["kind"] == "radio":
            answer_choice(run, qid, wrong_shot)
        elif active["kind"] == "text":
            answer_number(run, qid)
        else:
            run.problem("tab order", qid, f"Tab first reached the question at {active['kind']}, not its options or number box")
    for qid in questions:
        if qid not in run.answered:
            run.problem("unreachable", qid, f"the question was not reached in {MAX_TABS} presses of Tab")
    if shots:
        # A viewport as tall as the quiz, so the theme's sticky header is not drawn over it.
        quiz_box = page.locator(".rq-quiz").first.bounding_box()
        page.set_viewport_size({"width": width, "height": max(900, int(quiz_box["height"]) + 200)})
        page.locator(".rq-quiz").first.screenshot(path=str(SCREENSHOTS / f"{shots}.png"))
    run.cdp.detach()
    return run.problems, len(run.answered)


def open_page(browser, url: str, width: int, mode: str):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    context.add_init_script(f"try {{ localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{e.message} {e.stack or ''}"))
    page.goto(url, wait_until="load")
    return context, page, errors


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield b
        b.close()


# --------------------------------------------------------------------------- the tests


# Every quiz of the book in each mode and at each width, paired (light at 1280 px, dark at 390 px):
# all four pairings took a quarter of CI's time, and the quizzes share one script and stylesheet,
# which the small two-quiz page below checks in all four.
BOOK_PAIRS = [(1280, "light"), (390, "dark")]
assert {w for w, _ in BOOK_PAIRS} == set(WIDTHS) and {m for _, m in BOOK_PAIRS} == set(MODES)


@pytest.mark.parametrize(("width", "mode"), BOOK_PAIRS)
def test_every_quiz_can_be_answered_by_keyboard_alone(built_book: Path, server: str, browser, width: int, mode: str):  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems, answered = [], 0
    for name in pages_of(built_book):
        if 'class="rq-quiz"' not in (built_book / name).read_text(encoding="utf-8"):
            continue  # no quiz (test_quiz_pages_load_one_shared_script_and_stylesheet reads every page)
        context, page, errors = open_page(browser, server + name, width, mode)
        theme = page.evaluate("() => document.documentElement.dataset.theme")
        assert theme == mode, f"{name}: the page did not switch to {mode} mode (data-theme={theme!r})"
        shots = "quiz-" + name.replace("/", "__").removesuffix(".html") + f"-{width}-{mode}"
        found, n = answer_page_by_keyboard(page, name, width, mode, shots)
        # Other scripts' errors are test_browser.py's business; the quiz script's are ours.
        problems += found + [f"{name}: page error in the quiz script: {e}" for e in errors if "quiz.js" in e]
        answered += n
        context.close()
    assert answered >= 3, f"only {answered} quiz questions were found in the book; The sources has three"
    assert not problems, "\n".join(problems)


def test_quiz_pages_load_one_shared_script_and_stylesheet(built_book: Path):
    for name in pages_of(built_book):
        text = (built_book / name).read_text(encoding="utf-8")
        has_quiz = 'class="rq-quiz"' in text
        script_tags = re.findall(r'<script[^>]*src="[^"]*_static/quiz\.js[^"]*"', text)
        css_tags = re.findall(r'<link[^>]*href="[^"]*_static/quiz\.css[^"]*"', text)
        assert len(script_tags) == (1 if has_quiz else 0), f"{name}: {len(script_tags)} quiz scripts"
        assert len(css_tags) == (1 if has_quiz else 0), f"{name}: {len(css_tags)} quiz stylesheets"
        assert "reopeningQuiz" not in text and ".rq-quiz {" not in text, f"{name}: the quiz script or style is copied into the page"
        assert "jupyterquiz" not in text.lower() and "var questions" not in text, f"{name}: an old jupyterquiz quiz"
    assert (built_book / "_static" / "quiz.js").read_text(encoding="utf-8") == quiz.SCRIPT.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the checks catch bad quizzes

# As JupyterLab marks its theme: on <body>, not the book's html[data-theme].
NOTEBOOK_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>A notebook's outputs</title>{head}</head><body data-jp-theme-light="{light}"><main>
<h1>Two quiz outputs, each with its own copy of the script, as in a live notebook</h1>
<div class="output">{first}</div><p>Some text between two cells.</p><div class="output">{second}</div>
</main></body></html>"""


def notebook_page(mode: str = "light", head: str = "", change=lambda html: html) -> str:
    first = quiz.render(
        [
            quiz.multiple_choice("Which is a vegetable?", [("A carrot", True, "Carrots are roots."), ("An apple", False, "Apples are fruit."), ("A trout", False, "Trout are fish.")]),
            quiz.numeric("How many legs has a spider?", 8, correct_feedback="Eight legs.", hint="Count again: more than six."),
        ],
        inline_assets=True,
    )
    second = quiz.render([quiz.numeric("Half of 3?", 1.5, correct_feedback="One and a half.", hint="Divide by two.")], inline_assets=True)
    light = "true" if mode == "light" else "false"
    return NOTEBOOK_PAGE.format(light=light, head=head, first=change(first), second=change(second))


def run_on(browser, html: str, width: int = 1280, mode: str = "light") -> tuple[list[str], int]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content(html, wait_until="load")
    problems, n = answer_page_by_keyboard(page, "example", width, mode)
    context.close()
    return problems + [f"page error: {e}" for e in errors], n


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("mode", MODES)
def test_quiz_outputs_work_as_in_a_notebook_two_on_a_page(browser, width: int, mode: str):
    problems, answered = run_on(browser, notebook_page(mode), width, mode)
    assert answered == 3
    assert not problems, "\n".join(problems)


BAD_EXAMPLES = {
    "focus not visible": dict(head="<style>.rq-quiz input:focus-visible, .rq-quiz .rq-check:focus-visible { outline: none !important; } .rq-quiz .rq-option:has(input:focus-visible) { box-shadow: none !important; }</style>"),
    "not in a live region": dict(change=lambda h: h.replace(' role="status" aria-live="polite"', "")),
    "contrast": dict(head="<style>.rq-quiz .rq-answer input { color: #f4f4f4 !important; background: #ffffff !important; }</style>"),
    "arrow key answered": dict(head="<script>document.addEventListener('change', e => { if (e.target.type === 'radio') e.target.closest('fieldset').querySelector('.rq-check').click(); });</script>"),
    "Enter did not check": dict(head="<script>document.addEventListener('keydown', e => { if (e.key === 'Enter' && e.target.tagName === 'INPUT') e.stopPropagation(); }, true);</script>"),
    "focus moved": dict(head="<script>document.addEventListener('keydown', e => { if (e.key === 'Enter') setTimeout(() => document.activeElement.blur(), 0); }, true);</script>"),
    "no verdict in words": dict(change=lambda h: h.replace('"Correct."', '""').replace('"Not quite."', '""')),
    "phone keyboard": dict(change=lambda h: h.replace(' inputmode="decimal"', "")),
}


def test_the_keyboard_checks_catch_each_kind_of_broken_quiz(browser):
    for kind, how in BAD_EXAMPLES.items():
        problems, _ = run_on(browser, notebook_page(**how))
        assert any(f": {kind}: " in p for p in problems), f"a quiz broken for {kind!r} was not caught; found: {problems[:5]}"
