// What a page's first layout costs a fresh browser, and how much of it is
// fonts: the work that decides Lighthouse's total blocking time on this site
// (see BENCHMARKS.md, "Night"). Each run is a new Chromium on the phone
// Lighthouse emulates (412×823, 1.75 device pixels); the URLs are visited in
// turn, run by run, so a busy moment on the machine falls on all of them.
//
//   node tests/bench/first-layout.js RUNS URL...
//   e.g. node tests/bench/first-layout.js 8 http://127.0.0.1:18181/zh/story/san-jiao-zhou-xiao-zhen-hai-di
//
// Per URL, medians over the runs: the style and layout work before the page
// is shown (thread time, which a busy neighbour on the VM does not inflate,
// and wall time), and what the layout asked the browser process for fonts:
// family lookups (each a name in a font stack), faces loaded, and strikes
// (a face at one size, each a round trip for its rendering settings).
// Needs `make test-deps`: puppeteer-core comes with the pinned Lighthouse.
"use strict";
const path = require("path");
const puppeteer = require(path.join(__dirname, "../checkers/node_modules/puppeteer-core"));

const [runs, ...urls] = [Number(process.argv[2]), ...process.argv.slice(3)];
if (!(runs > 0) || urls.length === 0) {
	console.error("usage: node tests/bench/first-layout.js RUNS URL...");
	process.exit(2);
}

async function measure(url) {
	const browser = await puppeteer.launch({
		executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
		headless: "new",
		args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
	});
	try {
		const page = await browser.newPage();
		await page.setViewport({ width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
		await page.tracing.start({ categories: ["devtools.timeline", "fonts"] });
		await page.goto(url, { waitUntil: "load" });
		await new Promise((r) => setTimeout(r, 200));
		const events = JSON.parse(Buffer.from(await page.tracing.stop()).toString()).traceEvents;
		const frame = page.mainFrame()._id;
		const work = events.filter((e) => e.ph === "X" && (e.name === "Layout" || e.name === "UpdateLayoutTree") &&
			e.args.beginData && e.args.beginData.frame === frame);
		const count = (name) => events.filter((e) => e.ph === "X" && e.name === name).length;
		return {
			thread: work.reduce((sum, e) => sum + (e.tdur || 0), 0) / 1000,
			wall: work.reduce((sum, e) => sum + e.dur, 0) / 1000,
			lookups: count("FontDataManager::onMatchFamilyStyle"),
			faces: count("FontDataManager::onMakeFromStreamArgs"),
			strikes: count("WebSandboxSupportLinux::GetWebFontRenderStyleForStrike"),
		};
	} finally {
		await browser.close();
	}
}

function median(values) {
	const sorted = values.slice().sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

(async () => {
	const results = urls.map(() => []);
	for (let i = 0; i < runs; i++) {
		for (const [j, url] of urls.entries()) results[j].push(await measure(url));
	}
	for (const [j, url] of urls.entries()) {
		const m = (key) => median(results[j].map((r) => r[key]));
		console.log(`${url}\n  style+layout ${m("thread").toFixed(1)} ms thread, ${m("wall").toFixed(1)} ms wall;` +
			` fonts: ${m("lookups")} lookups, ${m("faces")} faces, ${m("strikes")} strikes (medians of ${runs})`);
	}
})().catch((err) => {
	console.error(err);
	process.exit(1);
});
