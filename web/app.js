// reportlint in the browser. The engine, the packs, decoding and fixes are
// the library compiled to WebAssembly (pkg/, from web/wasm); this file only
// reads files, calls it, and draws what it returns. No rule logic here.
import init, { Draft, Linter, builtinPacks, wordFixRefusal } from "./pkg/reportlint_web.js";

const $ = (id) => document.getElementById(id);
const SEVERITY_NAME = { error: "错误", warning: "警告", info: "提示" };
const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };
const RECHECK_DELAY_MS = 150;

const editor = $("draft");
const backdrop = $("backdrop");

/** The document being checked. */
const doc = {
  name: "草稿.txt",
  encoding: "UTF-8",
  /** The file used CR LF line breaks; edits keep them. */
  crlf: false,
  /** The Draft (wasm) to check: the file as decoded while it is unedited,
   * else made from the text box when needed (null until then). */
  draft: null,
  /** For a Word document (shown read-only as its text rendering): its
   * automatic numbers (UTF-16 spans), the notes on each paragraph, whether
   * it carries macros, and the name of its annotated copy. Else null. */
  word: null,
};

let linter = null;
/** The last check: { report, views, fails, spans } (spans: each
 * finding's UTF-16 span in the text box, or null). */
let result = null;
let active = -1;
let recheckTimer = 0;
let fixedDownloadUrl = null;
let annotatedUrl = null;

// ---------------------------------------------------------------- setup

async function start() {
  const t0 = performance.now();
  try {
    await init();
    const packs = JSON.parse(builtinPacks());
    const box = $("packs");
    for (const p of packs) {
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = p.id;
      input.checked = true;
      input.name = "pack";
      label.title = p.description.trim();
      label.append(input, ` ${p.name}（${p.id}）`);
      box.append(label);
    }
    buildLinter();
    $("no-fix").textContent = wordFixRefusal();
  } catch (e) {
    showError(`无法加载检查引擎：${e.message || e}`);
    return;
  } finally {
    $("loading").hidden = true;
  }
  wire();
  // Loading the engine and compiling the packs (benchmark notes).
  document.body.dataset.startupMs = (performance.now() - t0).toFixed(1);
  document.body.dataset.ready = "true";
  check();
}

function selectedPacks() {
  return [...document.querySelectorAll('#packs input[name="pack"]:checked')].map((i) => i.value);
}

function buildLinter() {
  if (linter) linter.free();
  linter = null;
  linter = new Linter(selectedPacks());
}

/** The options as the binding reads them; throws on a year that is not one. */
function options() {
  const raw = $("year").value.trim();
  const year = raw === "" ? null : Number(raw);
  if (year !== null && !Number.isInteger(year)) throw new Error(`报告年度“${raw}”应是整数年份，如 2024`);
  return JSON.stringify({
    year,
    published: $("published").value || null,
    fail_on: $("fail-on").value,
  });
}

function wire() {
  editor.addEventListener("input", () => {
    setDraft(null);
    // Until the re-check, draw the text without marks so the layout follows.
    drawBackdrop(editor.value, null);
    scheduleCheck();
  });
  editor.addEventListener("scroll", syncScroll);
  new ResizeObserver(syncScroll).observe(editor);
  for (const ev of ["click", "keyup", "select"]) editor.addEventListener(ev, showFindingAtCaret);
  // Chromium drops the caret of a read-only text box (a Word document) when
  // a click lands inside its selection: collapse the selection first, so the
  // click puts the caret where it lands, as in an editable one.
  editor.addEventListener("mousedown", (e) => {
    if (editor.readOnly && !e.shiftKey && editor.selectionStart !== editor.selectionEnd) {
      editor.setSelectionRange(editor.selectionStart, editor.selectionStart);
    }
  });
  editor.addEventListener("keydown", (e) => {
    if (e.key === "F8") {
      e.preventDefault();
      jumpToNext(e.shiftKey ? -1 : 1);
    }
  });

  $("open").addEventListener("click", () => $("file").click());
  $("file").addEventListener("change", (e) => {
    const f = e.target.files[0];
    if (f) loadFile(f);
    e.target.value = "";
  });
  // A file dropped anywhere on the page is opened.
  const zone = $("editor");
  window.addEventListener("dragover", () => zone.classList.add("dragging"));
  window.addEventListener("dragleave", (e) => {
    if (!e.relatedTarget) zone.classList.remove("dragging");
  });
  window.addEventListener("drop", (e) => {
    zone.classList.remove("dragging");
    const f = e.dataTransfer && e.dataTransfer.files[0];
    if (f) loadFile(f);
  });
  $("example").addEventListener("click", loadExample);
  $("clear").addEventListener("click", () => {
    setDocument("草稿.txt", Draft.fromText("草稿.txt", "", "UTF-8"), false);
    editor.focus();
  });

  $("options").addEventListener("submit", (e) => e.preventDefault());
  $("packs").addEventListener("change", () => {
    try {
      buildLinter();
    } catch (e) {
      showError(e.message);
      return;
    }
    check();
  });
  for (const id of ["fail-on", "year", "published"]) {
    $(id).addEventListener("change", check);
  }
  $("year").addEventListener("input", scheduleCheck);

  $("fix").addEventListener("click", applyFixes);
  $("annotate").addEventListener("click", downloadAnnotated);
  $("adopt").addEventListener("click", adoptFixed);
  $("close-fix").addEventListener("click", closeFixPanel);
}

// ---------------------------------------------------------------- documents

async function loadFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  loadBytes(file.name, bytes);
}

async function loadExample() {
  try {
    const response = await fetch("example.txt");
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    loadBytes("示例草稿.txt", new Uint8Array(await response.arrayBuffer()));
  } catch (e) {
    showError(`无法载入示例草稿：${e.message}`);
  }
}

/** Decode a file's bytes exactly as the command line does (a Word document
 * is recognised by its content, whatever its name). */
function loadBytes(name, bytes) {
  let draft;
  try {
    draft = Draft.fromBytes(name, bytes);
  } catch (e) {
    showError(`${name}：${e.message}`);
    return;
  }
  setDocument(name, draft, true);
}

/** Show and check a draft (`file`: it was read from a file). */
function setDocument(name, draft, file) {
  const text = draft.text;
  doc.name = name;
  doc.encoding = draft.encoding;
  doc.crlf = text.includes("\r\n");
  doc.word = draft.word ? { ...JSON.parse(draft.wordRendering()), copyName: draft.annotatedName } : null;
  setDraft(draft);
  editor.value = text;
  editor.scrollTop = 0;
  closeFixPanel();
  showError("");
  showWordMode();
  let info = file ? `${name} · ${doc.encoding}${doc.crlf ? " · CRLF" : ""}` : "";
  if (doc.word) {
    info = `${name} · Word 文档 · ${doc.word.notes.length} 段${doc.word.macros ? " · 含宏（宏不会运行）" : ""}`;
  }
  $("doc-info").textContent = info;
  check();
}

/** A Word document is shown read-only (edits would not go back to Word)
 * and cannot be fixed; its findings are downloaded as Word comments. */
function showWordMode() {
  const word = doc.word !== null;
  editor.readOnly = word;
  $("word-note").hidden = !word;
  $("fix").hidden = word;
  $("no-fix").hidden = !word;
  $("annotate").hidden = !word;
  $("annotated").textContent = "";
}

function setDraft(draft) {
  if (doc.draft) doc.draft.free();
  doc.draft = draft;
}

/** The draft to check: the file as decoded while unedited, else the text
 * box (which holds every line break as LF) with the file's CR LF restored. */
function currentDraft() {
  if (!doc.draft) {
    const text = doc.crlf ? editor.value.replace(/\n/g, "\r\n") : editor.value;
    doc.draft = Draft.fromText(doc.name, text, doc.encoding);
  }
  return doc.draft;
}

// ---------------------------------------------------------------- checking

function scheduleCheck() {
  clearTimeout(recheckTimer);
  recheckTimer = setTimeout(check, RECHECK_DELAY_MS);
}

/** Run a pending re-check now (before acting on the findings). */
function flushCheck() {
  if (recheckTimer) check();
}

function check() {
  clearTimeout(recheckTimer);
  recheckTimer = 0;
  if (!linter) return;
  let out;
  const t0 = performance.now();
  try {
    out = JSON.parse(linter.check(currentDraft(), options()));
  } catch (e) {
    showError(e.message);
    return;
  }
  const ms = performance.now() - t0;
  showError("");
  out.spans = out.views.map((v) => v.span);
  result = out;
  active = -1;
  document.body.dataset.checkMs = ms.toFixed(2);
  $("timing").textContent = ` 上次检查用时 ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} 毫秒。`;
  drawBackdrop(editor.value, out);
  drawSummary(out);
  drawFindings(out);
  showFindingAtCaret();
  // Checking and drawing (benchmark notes); the count tells a new result
  // from a repeat of the same timing.
  document.body.dataset.renderMs = (performance.now() - t0).toFixed(2);
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
}

// ---------------------------------------------------------------- drawing

/** The text with a <mark> over every finding's span; overlapping spans are
 * split into segments, each listing its findings in data-f. The automatic
 * numbers of a Word document are drawn as generated text. */
function drawBackdrop(shown, out) {
  const frag = document.createDocumentFragment();
  const diags = out ? out.report.diagnostics : [];
  const views = out ? out.spans : [];
  const generated = doc.word ? doc.word.generated : [];
  const cuts = new Set([0, shown.length]);
  for (const g of generated) {
    cuts.add(g.start);
    cuts.add(g.end);
  }
  const points = new Map(); // offset → indexes of findings at a point
  views.forEach((v, i) => {
    if (!v) return;
    if (v.start === v.end) {
      if (!points.has(v.start)) points.set(v.start, []);
      points.get(v.start).push(i);
    }
    cuts.add(v.start);
    cuts.add(v.end);
  });
  const sorted = [...cuts].filter((c) => c <= shown.length).sort((a, b) => a - b);
  for (let k = 0; k < sorted.length; k++) {
    const a = sorted[k];
    if (points.has(a)) frag.append(mark(points.get(a), diags, "", true));
    if (k + 1 === sorted.length) break;
    const b = sorted[k + 1];
    const text = shown.slice(a, b);
    const covering = [];
    views.forEach((v, i) => {
      if (v && v.start <= a && b <= v.end && v.start < v.end) covering.push(i);
    });
    const gen = generated.some((g) => g.start <= a && b <= g.end);
    if (covering.length) frag.append(mark(covering, diags, text, false, gen));
    else if (gen) frag.append(element("span", "generated", text));
    else frag.append(document.createTextNode(text));
  }
  // A final line break needs something after it to take up its line.
  frag.append(document.createTextNode("\n\u200b"));
  backdrop.replaceChildren(frag);
  syncScroll();
}

function mark(indexes, diags, text, point, generated) {
  const m = document.createElement("mark");
  const worst = indexes.reduce(
    (w, i) => (SEVERITY_RANK[diags[i].severity] > SEVERITY_RANK[w] ? diags[i].severity : w),
    "info",
  );
  m.className = point ? `${worst} point` : generated ? `${worst} generated` : worst;
  m.dataset.f = indexes.join(" ");
  m.textContent = text;
  return m;
}

function syncScroll() {
  backdrop.scrollTop = editor.scrollTop;
  backdrop.scrollLeft = editor.scrollLeft;
}

function drawSummary(out) {
  const s = out.report.summary;
  // What fails at each --fail-on level.
  const failing = { error: "错误", warning: "错误或警告", info: "任何问题" }[$("fail-on").value];
  const verdict = $("verdict");
  verdict.className = `verdict ${out.fails ? "fail" : "pass"}`;
  verdict.textContent = out.fails ? `不通过：有${failing}` : `通过：没有${failing}`;
  const counts = $("counts");
  counts.replaceChildren();
  for (const [key, n] of [["error", s.errors], ["warning", s.warnings], ["info", s.infos]]) {
    const span = document.createElement("span");
    span.className = `n-${key}`;
    span.dataset.severity = key;
    span.textContent = `${n} 个${SEVERITY_NAME[key]}`;
    if (counts.childNodes.length) counts.append("，");
    counts.append(span);
  }
  if (doc.word) {
    const n = out.report.diagnostics.length;
    const annotate = $("annotate");
    annotate.disabled = n === 0;
    annotate.textContent = n ? `下载带批注的副本（${n} 个问题）` : "没有问题，不需要批注副本";
    return;
  }
  const fixable = out.report.diagnostics.filter((d) => d.fix).length;
  const button = $("fix");
  button.disabled = fixable === 0;
  button.textContent = fixable ? `应用全部安全修复（${fixable} 处）` : "没有可以自动修复的问题";
}

function drawFindings(out) {
  const list = $("findings");
  const items = out.report.diagnostics.map((d, i) => findingItem(d, i, out.views[i]));
  list.replaceChildren(...items);
  if (!items.length) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = editor.value.trim() ? "没有发现问题。" : "还没有草稿：粘贴文字或打开文件。";
    list.append(li);
  }
}

function findingItem(d, i, view) {
  const li = document.createElement("li");
  li.className = `finding ${d.severity}`;
  li.id = `finding-${i}`;
  li.dataset.rule = d.rule;
  li.dataset.severity = d.severity;

  const go = document.createElement("button");
  go.type = "button";
  go.className = "goto";
  const badge = element("span", `badge ${d.severity}`, SEVERITY_NAME[d.severity]);
  const rule = element("code", "rule", d.rule);
  // A Word document's lines are its paragraphs (as on the command line).
  const place = doc.word ? `第 ${d.line} 段第 ${d.column} 字` : `第 ${d.line} 行第 ${d.column} 列`;
  const where = element("span", "where", d.span ? place : "针对全文");
  const message = element("span", "message", d.message);
  go.append(badge, rule, where, message);
  go.setAttribute("aria-label", `${SEVERITY_NAME[d.severity]}，${d.message}，${where.textContent}，规则 ${d.rule}`);
  go.addEventListener("click", () => selectFinding(i));
  li.append(go);
  if (!view.span) go.title = "这个问题针对全文，没有具体位置";

  if (d.help) li.append(element("p", "help", `建议：${d.help}`));
  for (const n of d.notes || []) li.append(element("p", "note", n));
  (d.labels || []).forEach((l, k) => {
    // A related place (a figure the finding compares): selects it.
    const p = element("p", "note", "相关：");
    const link = element("button", "label-link", l.message);
    link.type = "button";
    link.addEventListener("click", () => selectSpan(view.labels[k], i));
    p.append(link);
    li.append(p);
  });

  const details = document.createElement("details");
  const summary = element("summary", "", "规则说明");
  const body = element("div", "explain", "");
  details.append(summary, body);
  details.addEventListener("toggle", () => {
    if (details.open && !body.childNodes.length) {
      const md = linter.explain(d.rule);
      body.append(...renderMarkdown(md || "（没有说明）"));
    }
  });
  li.append(details);
  return li;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.textContent = text;
  return e;
}

/** The small Markdown subset rule explanations use: headings, lists,
 * fenced examples, paragraphs, `code` and **bold**. Built as DOM nodes. */
function renderMarkdown(md) {
  const out = [];
  let para = null;
  let list = null;
  let fence = null;
  const inline = (parent, text) => {
    for (const part of text.split(/(`[^`]+`|\*\*[^*]+\*\*)/)) {
      if (part.startsWith("`") && part.endsWith("`") && part.length > 1) {
        parent.append(element("code", "", part.slice(1, -1)));
      } else if (part.startsWith("**") && part.endsWith("**") && part.length > 3) {
        parent.append(element("strong", "", part.slice(2, -2)));
      } else if (part) {
        parent.append(part);
      }
    }
  };
  for (const line of md.split("\n")) {
    if (fence) {
      if (line.startsWith("```")) {
        out.push(fence);
        fence = null;
      } else {
        fence.textContent += (fence.textContent ? "\n" : "") + line;
      }
      continue;
    }
    if (line.startsWith("```")) {
      para = list = null;
      fence = element("pre", "", "");
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*[-*]\s+(.*)$/.exec(line);
    if (heading) {
      para = list = null;
      const h = element("h4", "", "");
      inline(h, heading[2]);
      out.push(h);
    } else if (item) {
      para = null;
      if (!list) {
        list = document.createElement("ul");
        out.push(list);
      }
      const li = document.createElement("li");
      inline(li, item[1]);
      list.append(li);
    } else if (!line.trim()) {
      para = list = null;
    } else {
      list = null;
      if (!para) {
        para = document.createElement("p");
        out.push(para);
      } else {
        para.append(document.createElement("br"));
      }
      inline(para, line);
    }
  }
  if (fence) out.push(fence);
  return out;
}

// ---------------------------------------------------------------- navigation

/** Select a finding's text in the editor and scroll to it. */
function selectFinding(i) {
  flushCheck();
  const v = result && result.spans[i];
  setActive(i, false);
  if (v) selectSpan(v, i);
}

/** Select a span of the text box (of finding `i` or one of its labels),
 * scrolled into view. */
function selectSpan(v, i) {
  if (!result || result.spans[i] === undefined) return;
  editor.focus({ preventScroll: true });
  editor.setSelectionRange(v.start, v.end);
  const top = lineTop(v.start);
  if (top < editor.scrollTop || top + 40 > editor.scrollTop + editor.clientHeight) {
    editor.scrollTop = Math.max(0, top - editor.clientHeight / 3);
  }
  syncScroll();
  $("editor").scrollIntoView({ block: "nearest" });
  showFindingAtCaret();
}

/** The top of the line holding text box offset `pos`, in the backdrop. */
function lineTop(pos) {
  const walker = document.createTreeWalker(backdrop, NodeFilter.SHOW_TEXT);
  let seen = 0;
  // The text ends with "\n\u200b" (drawBackdrop), so every offset of the
  // text box has a character at it here.
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (pos < seen + n.length) {
      const r = document.createRange();
      r.setStart(n, pos - seen);
      r.setEnd(n, pos - seen + 1);
      const box = r.getBoundingClientRect();
      return box.top - backdrop.getBoundingClientRect().top + backdrop.scrollTop - backdrop.clientTop;
    }
    seen += n.length;
  }
  return 0;
}

/** Show which finding the caret is in (a click on highlighted text), and,
 * in a Word document, what its paragraph is (as `reportlint debug text`
 * says it: a table, a heading style, an automatic number). */
function showFindingAtCaret() {
  const line = $("at-caret");
  if (!result || document.activeElement !== editor) {
    line.textContent = "";
    return;
  }
  const pos = editor.selectionStart;
  const end = editor.selectionEnd;
  line.replaceChildren();
  if (doc.word) {
    const paragraph = editor.value.slice(0, pos).split("\n").length;
    const notes = doc.word.notes[paragraph - 1] || [];
    if (notes.length) line.append(element("span", "paragraph", `第 ${paragraph} 段：${notes.join("；")}`));
  }
  const hits = [];
  result.spans.forEach((v, i) => {
    if (!v) return;
    const inside = v.start === v.end ? pos === v.start : v.start <= pos && pos < v.end;
    const same = v.start === pos && v.end === end;
    if (inside || same) hits.push(i);
  });
  if (!hits.length) {
    if (active >= 0) setActive(-1, false);
    return;
  }
  // Prefer the finding chosen in the list, then one whose span is exactly
  // the selection.
  const exact = (i) => result.spans[i].start === pos && result.spans[i].end === end;
  const best = hits.includes(active) && exact(active) ? active : (hits.find(exact) ?? hits[0]);
  const d = result.report.diagnostics[best];
  line.append(element(
    "span",
    "finding-here",
    `光标处：${SEVERITY_NAME[d.severity]} [${d.rule}] ${d.message}` +
      (hits.length > 1 ? `（此处共 ${hits.length} 个问题）` : ""),
  ));
  setActive(best, true);
}

function setActive(i, scrollList) {
  for (const el of document.querySelectorAll(".active")) el.classList.remove("active");
  active = i;
  if (i < 0) return;
  const li = $(`finding-${i}`);
  if (li) {
    li.classList.add("active");
    if (scrollList) li.scrollIntoView({ block: "nearest" });
  }
  for (const m of backdrop.querySelectorAll(`mark[data-f~="${i}"]`)) m.classList.add("active");
}

/** F8 / Shift+F8 in the editor: the next / previous finding after the caret. */
function jumpToNext(direction) {
  flushCheck();
  if (!result) return;
  const order = result.spans
    .map((v, i) => [v, i])
    .filter(([v]) => v)
    .sort((x, y) => x[0].start - y[0].start || x[1] - y[1]);
  if (!order.length) return;
  const pos = editor.selectionStart;
  let pick;
  if (direction > 0) {
    pick = order.find(([v, i]) => v.start > pos || (v.start === pos && i > active)) || order[0];
  } else {
    const before = order.filter(([v, i]) => v.start < pos || (v.start === pos && i < active));
    pick = before[before.length - 1] || order[order.length - 1];
  }
  selectFinding(pick[1]);
}

// ---------------------------------------------------------------- fixes

/** After any pending re-check, ask the engine for something to download
 * (`call(draft, options)`); null, with the reason shown, when it refuses. */
function produce(call) {
  flushCheck();
  try {
    return call(currentDraft(), options());
  } catch (e) {
    showError(e.message);
    return null;
  }
}

function applyFixes() {
  const fixed = produce((draft, opts) => linter.fix(draft, opts));
  if (!fixed) return;
  const panel = $("fix-panel");
  const text = fixed.text;
  const bytes = fixed.bytes;
  const diff = fixed.diff;
  const applied = fixed.applied;
  const skipped = fixed.skipped;
  fixed.free();
  panel.hidden = false;
  $("fix-summary").textContent =
    `已应用 ${applied} 处修复` +
    (skipped ? `；${skipped} 处与其他修复重叠，采用后再检查时可以继续修复` : "") +
    `。下载的文件与命令行 reportlint check --fix 写出的相同（${doc.encoding}）。`;
  drawDiff(diff);
  if (fixedDownloadUrl) URL.revokeObjectURL(fixedDownloadUrl);
  const charset = doc.encoding === "GB18030" ? "gb18030" : "utf-8";
  fixedDownloadUrl = URL.createObjectURL(new Blob([bytes], { type: `text/plain;charset=${charset}` }));
  const link = $("download");
  link.href = fixedDownloadUrl;
  link.download = fixedName(doc.name);
  panel.fixed = { text, bytes };
  $("fix-h").focus();
  panel.scrollIntoView({ block: "nearest" });
}

/** Download the Word document with every finding as a comment: the copy
 * `reportlint check --annotate` writes. */
function downloadAnnotated() {
  const bytes = produce((draft, opts) => linter.annotate(draft, opts));
  if (!bytes) return;
  const name = doc.word.copyName;
  const type = name.endsWith(".docm")
    ? "application/vnd.ms-word.document.macroEnabled.12"
    : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (annotatedUrl) URL.revokeObjectURL(annotatedUrl);
  annotatedUrl = URL.createObjectURL(new Blob([bytes], { type }));
  const link = document.createElement("a");
  link.href = annotatedUrl;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  $("annotated").textContent =
    `已生成 ${name}：每个问题是一条 Word 批注（作者“reportlint”），与命令行 reportlint check --annotate 写出的相同。`;
}

function fixedName(name) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? `${name.slice(0, dot)}-已修复${name.slice(dot)}` : `${name}-已修复.txt`;
}

function drawDiff(diff) {
  const pre = $("diff");
  pre.replaceChildren();
  const lines = diff.split("\n").filter((l) => l).map((l) => l.replace(/\r$/, ""));
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (k < 2) {
      pre.append(element("span", "file", line));
    } else if (line.startsWith("@@")) {
      pre.append(element("span", "hunk", line));
    } else if (line.startsWith("-")) {
      // Removed lines, then as many added ones: mark the changed characters.
      let n = 0;
      while (k + n < lines.length && lines[k + n].startsWith("-")) n++;
      let m = 0;
      while (k + n + m < lines.length && lines[k + n + m].startsWith("+")) m++;
      const paired = n === m;
      for (let j = 0; j < n; j++) {
        const [old, neu] = paired ? changedParts(lines[k + j].slice(1), lines[k + n + j].slice(1)) : [null, null];
        pre.append(diffLine("del", "-", lines[k + j], old));
        if (paired) pre.append(diffLine("add", "+", lines[k + n + j], neu));
      }
      if (!paired) for (let j = 0; j < m; j++) pre.append(diffLine("add", "+", lines[k + n + j], null));
      k += n + m - 1;
    } else {
      pre.append(diffLine(line.startsWith("+") ? "add" : "same", "", line, null));
    }
  }
}

/** One diff line; `parts` ([text, changed] pairs) mark what changed in it. */
function diffLine(kind, sign, line, parts) {
  const span = element("span", kind, parts ? sign : line);
  for (const [text, changed] of parts || []) span.append(changed ? element("mark", "", text) : text);
  return span;
}

/** The characters of `a` and `b` outside their longest common subsequence
 * (for lines too long for that, the middle between common ends). */
function changedParts(a, b) {
  const x = [...a];
  const y = [...b];
  let head = 0;
  while (head < x.length && head < y.length && x[head] === y[head]) head++;
  let tail = 0;
  while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
  const xs = x.slice(head, x.length - tail);
  const ys = y.slice(head, y.length - tail);
  const keepX = new Array(xs.length).fill(false);
  const keepY = new Array(ys.length).fill(false);
  if (xs.length * ys.length <= 1_000_000) {
    const w = ys.length + 1;
    const lcs = new Uint32Array((xs.length + 1) * w);
    for (let i = xs.length - 1; i >= 0; i--) {
      for (let j = ys.length - 1; j >= 0; j--) {
        lcs[i * w + j] = xs[i] === ys[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    for (let i = 0, j = 0; i < xs.length && j < ys.length; ) {
      if (xs[i] === ys[j]) {
        keepX[i++] = true;
        keepY[j++] = true;
      } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) i++;
      else j++;
    }
  }
  const parts = (all, middle, keep) => {
    const out = [[all.slice(0, head).join(""), false]];
    middle.forEach((c, i) => {
      const changed = !keep[i];
      const last = out[out.length - 1];
      if (last[1] === changed) last[0] += c;
      else out.push([c, changed]);
    });
    out.push([all.slice(all.length - tail).join(""), false]);
    return out.filter(([t]) => t);
  };
  return [parts(x, xs, keepX), parts(y, ys, keepY)];
}

/** Put the fixed text in the editor (as if that file had been opened). */
function adoptFixed() {
  const f = $("fix-panel").fixed;
  if (!f) return;
  const file = $("doc-info").textContent !== "";
  setDocument(doc.name, Draft.fromText(doc.name, f.text, doc.encoding), file);
  editor.focus();
}

function closeFixPanel() {
  const panel = $("fix-panel");
  panel.hidden = true;
  panel.fixed = null;
}

function showError(message) {
  $("error").textContent = message;
}

// A file dropped on the page must never replace it (and the draft with it),
// not even before the engine is ready.
for (const ev of ["dragover", "drop"]) window.addEventListener(ev, (e) => e.preventDefault());
start();
