// The scenarios, in order: later ones build on what earlier ones did (the need the principal
// posts is the one the donor pledges to and the officials see).
import { chromium as playwright } from "playwright-core";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";

const PASSWORD = "hope-demo-2026";
const PHOTO = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "receipt.jpg");
const stamp = Date.now().toString(36);
const NEED_TITLE = `图书角建设 e2e-${stamp}`;
const PLEDGE_TITLE = `桃农合作社助学金 e2e-${stamp}`;
const DRAFT_TITLE = `饮水机更换 e2e-${stamp}`;
const SPARE_PLEDGE_TITLE = `桃农合作社备用金 e2e-${stamp}`;
const STORY_TITLE = `边院镇希望小学的新图书角 e2e-${stamp}`;
// Two paragraphs, and markup that must show as typed, never as HTML.
const STORY_BODY = "桃农合作社的助学金到了，孩子们有了新书架。\n\n校长说：<b>谢谢</b>大家！";

// A day as the marketplace's calendar (the server's TIME_ZONE, Asia/Shanghai by default) and
// the browser (timezoneId below) name it: the UTC date is yesterday's there from 16:00 UTC,
// and a delivery dated so would be before the approval made a moment ago.
const MARKETPLACE_DAY = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" });

function inDays(days) {
  return MARKETPLACE_DAY.format(new Date(Date.now() + days * 86400000));
}

export async function runScenarios({ base, chromium, screenshots, output, checkpoint }) {
  const browser = await playwright.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  const state = {};
  const results = [];
  // What the browser refused under the web app's Content-Security-Policy, over every scenario.
  const violations = [];

  async function session() {
    // A user in China: the browser's dates (a delivery's default day) are the server's.
    const context = await browser.newContext({
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`  page error: ${error.message}`));
    page.on("console", (message) => {
      if (message.type() === "error" && message.text().includes("Content Security Policy")) violations.push(message.text());
    });
    return { context, page };
  }

  async function login(page, username) {
    await page.goto(`${base}/#/`);
    await page.getByRole("button", { name: "登录" }).first().click();
    await page.waitForURL(/\/idp\//);
    await page.fill("#username", username);
    await page.fill("#password", PASSWORD);
    await page.locator("form button[type=submit]").click();
    await page.waitForURL((url) => url.origin === base && !url.pathname.startsWith("/idp") && !url.pathname.startsWith("/auth"));
    await page.getByRole("button", { name: "退出登录" }).waitFor();
  }

  async function gql(page, query, variables = {}) {
    return page.evaluate(
      async ({ query, variables }) => {
        const response = await fetch("/graphql", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query, variables }),
        });
        return response.json();
      },
      { query, variables },
    );
  }

  // Accepts every proposal of the microenterprise for the new need (the engine may propose one
  // per item), waiting each time for the card to show the acceptance.
  async function acceptAll(page, acceptedTag) {
    const cards = page.getByTestId("match-card").filter({ hasText: NEED_TITLE }).filter({ hasText: "桃农合作社" });
    await cards.first().waitFor();
    const total = await cards.count();
    for (let done = 0; done < total; done++) {
      const pending = cards.filter({ has: page.getByRole("button", { name: "接受" }) });
      if ((await pending.count()) === 0) break;
      await pending.first().getByRole("button", { name: "接受" }).click();
      await page.waitForFunction(
        ([title, tag, n]) =>
          [...document.querySelectorAll("[data-testid=match-card]")].filter((c) => c.textContent.includes(title) && c.textContent.includes(tag)).length >= n,
        [NEED_TITLE, acceptedTag, done + 1],
      );
    }
  }

  async function shoot(page, name) {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  async function scenario(name, fn) {
    const started = Date.now();
    const { context, page } = await session();
    try {
      await fn(page);
      results.push({ name, ok: true });
      console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      results.push({ name, ok: false });
      console.log(`  ✗ ${name}\n    ${String(error.stack ?? error).split("\n").slice(0, 4).join("\n    ")}`);
      await page.screenshot({ path: join(output, `failed-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
    } finally {
      await context.close();
    }
  }

  await scenario("public home shows the transparency figures", async (page) => {
    await page.goto(`${base}/#/`);
    const figures = page.getByTestId("figures");
    await figures.waitFor();
    const text = await figures.innerText();
    assert.match(text, /学校需求总值/);
    assert.match(text, /¥/);
    assert.match(text, /学校\s*\n?\s*266/);
    await page.getByRole("heading", { name: "各省已批准金额" }).waitFor();
  });

  await scenario("the language switch persists and formats for English", async (page) => {
    await page.goto(`${base}/#/`);
    // The button says the language it switches to, and its name contains that word (WCAG 2.5.3).
    await page.getByRole("button", { name: /English/ }).click();
    await page.getByText("Value of school needs").waitFor();
    await page.reload();
    await page.getByText("Value of school needs").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    assert.match(await page.getByTestId("figures").innerText(), /CN¥/);
    // Regions by their English names: the province select and the figures' heading.
    await page.getByLabel("Figures for (province)").selectOption({ label: "Shandong Province" });
    await page.getByRole("heading", { name: "Figures for Shandong Province" }).waitFor();
  });

  await scenario("needs browser filters by province, city, county, category and scrolls for more", async (page) => {
    await page.goto(`${base}/#/needs`);
    const list = page.getByTestId("needs-list");
    await list.locator("article").first().waitFor();
    // Infinite scroll: the next page arrives when the end of the list comes into view.
    await page.locator(".list-end").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=needs-list] article").length > 20);
    await page.getByLabel("省份", { exact: true }).selectOption({ label: "山东省" });
    await page.getByLabel("城市").selectOption({ label: "泰安市" });
    await page.getByLabel("区县").selectOption({ label: "肥城市" });
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll("[data-testid=needs-list] article")];
      return cards.length > 0 && cards.every((c) => c.textContent.includes("肥城市"));
    });
    await shoot(page, "needs");
    await page.getByLabel("类别").selectOption({ label: "图书馆" });
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll("[data-testid=needs-list] article")];
      const empty = document.querySelector("[data-testid=needs-list] .empty");
      return (empty !== null) || (cards.length > 0 && cards.every((c) => c.textContent.includes("图书馆") && c.textContent.includes("肥城市")));
    });
    assert.match(page.url(), /region=370983/);
    assert.match(page.url(), /category=LIBRARY/);
  });

  await scenario("back from a need, the needs list is where the visitor left it", async (page) => {
    await page.goto(`${base}/#/needs`);
    const cards = page.getByTestId("needs-list").locator("article");
    await cards.first().waitFor();
    // Two more pages, each as the end of the list comes into view.
    for (const read of [20, 40]) {
      await page.locator(".list-end").scrollIntoViewIfNeeded();
      await page.waitForFunction((n) => document.querySelectorAll("[data-testid=needs-list] article").length > n, read);
    }
    const card = cards.nth(45);
    await card.scrollIntoViewIfNeeded();
    const link = card.getByRole("link");
    const href = await link.getAttribute("href");
    const title = await link.innerText();
    // The card is on screen, with its whole box in the window.
    const inView = (wanted) => {
      const a = [...document.querySelectorAll("[data-testid=needs-list] article h3 a")].find((x) => x.getAttribute("href") === wanted);
      const box = a?.closest("article").getBoundingClientRect();
      return box !== undefined && window.scrollY > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    };
    await page.waitForFunction(inView, href);
    // The browser's Back, then the page's own way back.
    for (const back of [() => page.goBack(), () => page.getByRole("link", { name: "← 返回需求列表" }).click()]) {
      await page.getByTestId("needs-list").locator(`a[href="${href}"]`).click();
      await page.getByRole("heading", { level: 1, name: title, exact: true }).waitFor();
      await back();
      await page.waitForFunction(inView, href);
      assert.equal(new URL(page.url()).hash, "#/needs");
    }
  });

  await scenario("a form with bad input shows the field errors and keeps what was typed", async (page) => {
    await login(page, "principal-bianyuan");
    await page.goto(`${base}/#/school/new-need`);
    await page.fill("[name=title]", NEED_TITLE);
    await page.fill("[name=story]", "学校新建图书角，需要书架和儿童读物。");
    await page.selectOption("[name=category]", "LIBRARY");
    await page.fill("[name=deadline]", "2020-01-01");
    await page.fill("[name='items.0.description']", "");
    await page.fill("[name='items.0.quantity']", "1.5");
    await page.fill("[name='items.0.unit']", "个");
    await page.fill("[name='items.0.unitValueYuan']", "350");
    // An empty required field is caught before anything is sent.
    await page.getByRole("button", { name: "提交" }).click();
    await page.locator(".field", { has: page.locator("[name='items.0.description']") }).getByText("此项必填。").waitFor();
    // The server's refusals (a quantity that is not whole, a past deadline) show beside their fields.
    await page.fill("[name='items.0.description']", "书架");
    await page.getByRole("button", { name: "提交" }).click();
    await page.locator(".field", { has: page.locator("[name=deadline]") }).getByText("日期不能早于今天。").waitFor();
    await page.getByText(/表单有 \d+ 处需要修改/).waitFor();
    const errors = await page.locator(".field-error").allInnerTexts();
    assert.ok(errors.length >= 2, `field errors: ${errors}`);
    // Each error sits next to its own field.
    const quantityField = page.locator(".field", { has: page.locator("[name='items.0.quantity']") });
    await quantityField.locator(".field-error").waitFor();
    assert.equal(await page.locator("[name='items.0.quantity']").getAttribute("aria-invalid"), "true");
    await page.locator(".field", { has: page.locator("[name=deadline]") }).locator(".field-error").waitFor();
    // Nothing typed is lost.
    assert.equal(await page.inputValue("[name=title]"), NEED_TITLE);
    assert.equal(await page.inputValue("[name='items.0.quantity']"), "1.5");
    assert.equal(await page.inputValue("[name='items.0.unitValueYuan']"), "350");
    await shoot(page, "need-form-errors");
  });

  await scenario("a principal logs in through the OIDC flow and posts a need with two items", async (page) => {
    await login(page, "principal-bianyuan");
    await page.getByRole("link", { name: "我的学校" }).click();
    await page.getByRole("heading", { name: "肥城市边院镇希望小学" }).waitFor();
    await page.getByRole("link", { name: "发布新需求" }).click();
    await page.fill("[name=title]", NEED_TITLE);
    await page.fill("[name=story]", "学校新建图书角，需要书架和儿童读物。");
    await page.selectOption("[name=category]", "LIBRARY");
    await page.fill("[name=deadline]", inDays(60));
    await page.fill("[name=beneficiaries]", "180");
    await page.fill("[name='items.0.description']", "儿童读物（套）");
    await page.selectOption("[name='items.0.category']", "LIBRARY");
    await page.fill("[name='items.0.quantity']", "20");
    await page.fill("[name='items.0.unit']", "套");
    await page.fill("[name='items.0.unitValueYuan']", "150");
    await page.getByRole("button", { name: "再加一项" }).click();
    await page.fill("[name='items.1.description']", "书架");
    await page.selectOption("[name='items.1.category']", "LIBRARY");
    await page.fill("[name='items.1.quantity']", "4");
    await page.fill("[name='items.1.unit']", "个");
    await page.fill("[name='items.1.unitValueYuan']", "350");
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText("需求已发布。").waitFor();
    const link = page.getByRole("link", { name: NEED_TITLE });
    state.needPath = new URL(await link.getAttribute("href"), `${base}/`).hash;
    await link.click();
    await page.getByRole("heading", { name: NEED_TITLE }).waitFor();
    assert.match(await page.locator("table").innerText(), /书架/);
    await page.goto(`${base}/#/school`);
    await page.getByText(NEED_TITLE).first().waitFor();
    await shoot(page, "school");
  });

  await scenario("a principal saves a need as a draft, publishes it, edits it and cancels it", async (page) => {
    await login(page, "principal-bianyuan");
    await page.goto(`${base}/#/school/new-need`);
    // Nothing filled in: every required field says so beside it, and nothing is sent.
    await page.getByRole("button", { name: "提交" }).click();
    await page.locator(".field", { has: page.locator("[name=deadline]") }).getByText("此项必填。").waitFor();
    await page.locator(".field", { has: page.locator("[name=title]") }).getByText("此项必填。").waitFor();
    await page.fill("[name=title]", DRAFT_TITLE);
    await page.selectOption("[name=category]", "DRINKING_WATER");
    await page.fill("[name=deadline]", inDays(90));
    await page.fill("[name='items.0.description']", "直饮水机");
    await page.fill("[name='items.0.quantity']", "2");
    await page.fill("[name='items.0.unit']", "台");
    await page.fill("[name='items.0.unitValueYuan']", "3200");
    await page.getByLabel("立即公开（不勾选则保存为草稿）").uncheck();
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText(/已保存为草稿，尚未公开/).waitFor();
    await page.getByRole("link", { name: DRAFT_TITLE }).click();
    await page.getByRole("heading", { name: DRAFT_TITLE }).waitFor();
    await page.locator(".badge", { hasText: "草稿" }).first().waitFor();
    const manage = page.getByTestId("need-manage");
    await manage.getByRole("button", { name: "公开这条需求" }).click();
    await manage.getByText("需求已公开。").waitFor();
    await page.locator(".badge", { hasText: "待对接" }).first().waitFor();
    // Edit the title, the urgency and the item's quantity (nothing is allocated yet).
    await manage.getByRole("button", { name: "修改需求" }).click();
    const edit = manage.getByRole("form", { name: "修改需求" });
    await edit.locator("[name=title]").fill(`${DRAFT_TITLE}（已修改）`);
    await edit.locator("[name=urgency]").selectOption("HIGH");
    assert.equal(await edit.locator("[name='items.0.quantity']").inputValue(), "2");
    await edit.locator("[name='items.0.quantity']").fill("3");
    await edit.getByRole("button", { name: "保存修改" }).click();
    await manage.getByText("修改已保存。").waitFor();
    await page.getByRole("heading", { name: `${DRAFT_TITLE}（已修改）` }).waitFor();
    await page.locator(".items-table tr", { hasText: "直饮水机" }).getByText("3 台").waitFor();
    // Cancel it, after a confirmation.
    await manage.getByRole("button", { name: "取消这条需求" }).click();
    const cancel = manage.getByRole("form", { name: "取消这条需求" });
    await cancel.locator("[name=reason]").fill("县教育局已统一配备");
    await cancel.getByRole("button", { name: "确认取消需求" }).click();
    await manage.getByText("需求已取消。").waitFor();
    await page.locator(".badge", { hasText: "已取消" }).first().waitFor();
    const needId = decodeURIComponent(new URL(page.url()).hash.split("/").pop());
    const answer = await gql(page, "query($id: ID!) { node(id: $id) { ... on Need { status title urgency totalValueFen items { description quantity } } } }", { id: needId });
    assert.deepEqual(answer.data.node, {
      status: "CANCELLED",
      title: `${DRAFT_TITLE}（已修改）`,
      urgency: "HIGH",
      totalValueFen: 960000,
      items: [{ description: "直饮水机", quantity: 3 }],
    });
  });

  await scenario("a microenterprise posts a money pledge and sees the suggestions for it", async (page) => {
    assert.ok(state.needPath, "needs the need of the previous scenario");
    await login(page, "microenterprise-owner");
    await page.goto(`${base}/#/donor/new-pledge`);
    await page.getByLabel("资金").check();
    await page.fill("[name=title]", PLEDGE_TITLE);
    await page.fill("[name=amountYuan]", "5000");
    // Only for libraries: the engine then has a reason to offer it to the new library need.
    await page.getByRole("checkbox", { name: "图书馆" }).check();
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText("认捐已发布").waitFor();
    await page.getByRole("heading", { name: "推荐对接的需求" }).waitFor();
    await page.locator(".loading").waitFor({ state: "detached" });
    await shoot(page, "pledge-suggestions");
  });

  await scenario("an admin runs matching for the county and watches its progress", async (page) => {
    await login(page, "platform-admin");
    await page.getByRole("link", { name: "平台管理" }).click();
    await page.getByRole("heading", { name: "平台管理" }).waitFor();
    await page.getByLabel("省份", { exact: true }).selectOption({ label: "山东省" });
    await page.getByLabel("城市").selectOption({ label: "泰安市" });
    await page.getByLabel("区县").selectOption({ label: "肥城市" });
    await page.getByRole("button", { name: "开始匹配" }).click();
    await page.getByTestId("run-progress").waitFor();
    await page.getByText(/匹配完成。|匹配失败/).waitFor({ timeout: 90000 });
    assert.match(await page.getByTestId("run-progress").innerText(), /匹配完成/);
    await shoot(page, "admin");
    // Did the run propose our pledge for our need?
    const needId = decodeURIComponent(state.needPath.split("/").pop());
    const answer = await gql(
      page,
      "query($id: ID!) { matches(first: 100, filter: {needId: $id, status: [PROPOSED]}) { edges { node { id origin donor { name } pledge { title } } } } }",
      { id: needId },
    );
    const proposals = answer.data.matches.edges.map((e) => e.node);
    state.engineProposal = proposals.find((m) => m.origin === "ENGINE" && m.pledge?.title === PLEDGE_TITLE) ?? null;
    console.log(`    proposals for the new need: ${proposals.map((m) => `${m.origin} ${m.donor?.name} / ${m.pledge?.title}`).join("; ")}`);
    console.log(
      `    the run made ${proposals.length} proposal(s) for the new need; ${state.engineProposal ? "one of them uses the microenterprise's pledge" : "none uses the microenterprise's pledge: it pledges directly"}`,
    );
  });

  await scenario("the donor accepts the engine's proposal or pledges directly to the need", async (page) => {
    assert.ok(state.needPath, "needs the need");
    await login(page, "microenterprise-owner");
    if (state.engineProposal) {
      await page.goto(`${base}/#/donor`);
      await acceptAll(page, "捐赠方已接受");
      state.route = "engine";
    } else {
      await page.goto(`${base}/${state.needPath}`);
      await page.getByRole("heading", { name: "直接认捐这条需求" }).waitFor();
      const pledgeOption = page.locator("option", { hasText: PLEDGE_TITLE });
      await page.getByLabel("使用哪项认捐").selectOption(await pledgeOption.getAttribute("value"));
      await page.getByLabel("对接哪项物品").selectOption({ index: 1 });
      await page.getByLabel("覆盖的物品数量").fill("2");
      await page.getByRole("button", { name: "提交认捐" }).click();
      await page.getByText("已提交，等待学校确认和官员批准。").waitFor();
      state.route = "direct";
    }
    await page.goto(`${base}/#/donor`);
    await page.getByText(PLEDGE_TITLE).first().waitFor();
    await shoot(page, "donor");
  });

  await scenario("the principal accepts the donor's proposal, with the donor and the why shown", async (page) => {
    await login(page, "principal-bianyuan");
    await page.goto(`${base}/#/school`);
    await acceptAll(page, "学校已接受");
  });

  await scenario("an official of another county does not see the proposal", async (page) => {
    await login(page, "media-editor");
    await page.goto(`${base}/#/official`);
    await page.getByRole("heading", { name: /三江侗族自治县/ }).waitFor();
    await page.getByText("辖区内没有待审批的对接。").waitFor();
    assert.equal(await page.getByText(NEED_TITLE).count(), 0);
    // Nor through the API the page uses.
    const seen = await page.evaluate(async () => {
      const response = await fetch("/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ matches(first: 100, filter: {status: [ACCEPTED]}) { edges { node { need { title } } } } }" }),
      });
      return JSON.stringify(await response.json());
    });
    assert.ok(!seen.includes(NEED_TITLE), "the API showed the proposal to another county's official");
  });

  await scenario("a county official logs in through the OIDC flow and approves the accepted proposal", async (page) => {
    await login(page, "taian-official");
    await page.getByRole("link", { name: "审批" }).click();
    const card = page.getByTestId("match-card").filter({ hasText: NEED_TITLE }).filter({ hasText: "桃农合作社" }).first();
    await card.waitFor();
    assert.match(await card.innerText(), /推荐理由|捐赠方直接选择/);
    await shoot(page, "official");
    await card.getByRole("button", { name: /^批准 / }).click();
    await page.getByRole("status").filter({ hasText: `已批准。 ${NEED_TITLE}` }).waitFor();
    await page.goto(`${base}/${state.needPath}`);
    await page.getByText(/桃农合作社/).first().waitFor();
    await page.getByText("已批准").first().waitFor();
  });

  await scenario("the donor records the delivery: a bad date shows beside its field and keeps the input", async (page) => {
    await login(page, "microenterprise-owner");
    await page.goto(`${base}/#/donor`);
    const card = page.getByTestId("deliveries").getByTestId("match-card").filter({ hasText: NEED_TITLE }).first();
    await card.waitFor();
    const form = card.getByRole("form", { name: "登记送达" });
    assert.equal(await form.locator("[name=kind]").inputValue(), "TRANSFERRED");
    state.quantity = await form.locator("[name=quantity]").inputValue();
    assert.ok(Number(state.quantity) > 0);
    await form.locator("[name=deliveredOn]").fill(inDays(3));
    await form.locator("[name=note]").fill(`转账流水号 e2e-${stamp}`);
    await form.getByRole("button", { name: "登记送达" }).click();
    await form.locator(".field", { has: page.locator("[name=deliveredOn]") }).locator(".field-error").waitFor();
    assert.equal(await form.locator("[name=note]").inputValue(), `转账流水号 e2e-${stamp}`);
    assert.equal(await form.locator("[name=quantity]").inputValue(), state.quantity);
    await form.locator("[name=deliveredOn]").fill(inDays(0));
    await form.getByRole("button", { name: "登记送达" }).click();
    await page.getByRole("status").filter({ hasText: "已登记送达。" }).waitFor();
    await card.getByText(new RegExp(`已送达 ${state.quantity}/${state.quantity}`)).waitFor();
    await shoot(page, "donor-deliveries");
  });

  await scenario("the principal confirms receipt with a photo (and is told when the photo is missing)", async (page) => {
    await login(page, "principal-bianyuan");
    await page.goto(`${base}/#/school`);
    const card = page.getByTestId("receipts").getByTestId("match-card").filter({ hasText: NEED_TITLE }).first();
    await card.waitFor();
    await card.getByText(/已登记|已转账/).first().waitFor();
    const form = card.getByRole("form", { name: "确认收到" });
    assert.equal(await form.locator("[name=quantity]").inputValue(), state.quantity);
    await form.locator("[name=thankYouNote]").fill("谢谢桃农合作社，书架已经用上了！");
    // Confirming everything needs a photo: the error sits beside the photo, the note stays.
    await form.getByRole("button", { name: "提交收货确认" }).click();
    await form.getByText("确认全部收到需要至少一张照片。").waitFor();
    assert.equal(await form.locator("[name=thankYouNote]").inputValue(), "谢谢桃农合作社，书架已经用上了！");
    // A file that is not a photo is refused in plain words before any upload.
    await form.locator("input[type=file]").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not a photo") });
    await form.getByText("只能上传 JPEG、PNG 或 WebP 格式的照片。").waitFor();
    await form.locator("input[type=file]").setInputFiles(PHOTO);
    await form.getByText("照片已上传。").waitFor();
    await form.getByRole("img", { name: "照片预览" }).waitFor();
    await shoot(page, "school-receipt");
    await form.getByRole("button", { name: "提交收货确认" }).click();
    await page.getByRole("status").filter({ hasText: "已确认收到，谢谢！" }).waitFor();
    await card.getByText("已全部确认。").waitFor();
    // The photo is served to the school, with its location data removed.
    const photo = card.locator(".photos img").first();
    await photo.waitFor();
    // The thumbnail loads lazily: once on screen, it must load (a refused or broken photo never does).
    await photo.scrollIntoViewIfNeeded();
    const loaded = await photo
      .evaluate((img) =>
        (img.complete
          ? Promise.resolve()
          : new Promise((done) => {
              img.addEventListener("load", done, { once: true });
              img.addEventListener("error", done, { once: true });
            })
        ).then(() => img.naturalWidth > 0),
      )
      .catch(() => false);
    assert.ok(loaded, "the photo does not load");
  });

  await scenario("the media editor publishes a story about the confirmed delivery", async (page) => {
    assert.ok(state.needPath, "needs the confirmed need");
    await login(page, "media-editor");
    await page.getByRole("link", { name: "媒体报道" }).click();
    await page.getByRole("heading", { name: "媒体报道 · 乡村教育观察融媒体" }).waitFor();
    // Nothing ticked or typed: each required field says so beside it, and nothing is sent.
    await page.getByRole("button", { name: "发布报道" }).click();
    await page.locator(".field", { has: page.locator("[name=title]") }).getByText("此项必填。").waitFor();
    await page.locator(".field", { has: page.locator("[name=body]") }).getByText("此项必填。").waitFor();
    await page.getByText("请至少勾选一项已确认收到的捐赠。").waitFor();
    const card = page.getByTestId("confirmed").getByTestId("match-card").filter({ hasText: NEED_TITLE }).first();
    await card.getByText(/学校于 .+ 确认收到/).waitFor();
    await card.getByRole("checkbox", { name: /写进报道/ }).check();
    await page.getByTestId("chosen-count").getByText("已选 1 / 20 项，按勾选的顺序排列。").waitFor();
    await page.getByTestId("chosen").getByRole("listitem").filter({ hasText: NEED_TITLE }).waitFor();
    await page.fill("[name=title]", STORY_TITLE);
    await page.fill("[name=body]", STORY_BODY);
    await shoot(page, "media");
    await page.getByRole("button", { name: "发布报道" }).click();
    const done = page.getByRole("status").filter({ hasText: `报道“${STORY_TITLE}”已发布` });
    await done.getByRole("link", { name: new RegExp(NEED_TITLE) }).waitFor();
    // The form starts again; the story is among ours.
    assert.equal(await page.inputValue("[name=title]"), "");
    assert.equal(await page.inputValue("[name=body]"), "");
    assert.equal(await card.getByRole("checkbox", { name: /写进报道/ }).isChecked(), false);
    await page.getByTestId("stories").getByRole("heading", { name: STORY_TITLE }).waitFor();
    state.story = true;
  });

  await scenario("the home page and the need's page show the story", async (page) => {
    assert.ok(state.story, "needs the story of the previous scenario");
    await page.goto(`${base}/#/`);
    const excerpt = page.getByTestId("stories").getByTestId("story").filter({ hasText: STORY_TITLE });
    await excerpt.getByText("乡村教育观察融媒体").waitFor();
    await excerpt.getByRole("link", { name: new RegExp(NEED_TITLE) }).click();
    await page.getByRole("heading", { name: NEED_TITLE }).waitFor();
    const story = page.getByTestId("stories").getByTestId("story").filter({ hasText: STORY_TITLE });
    await story.waitFor();
    // The whole story as plain text, its line breaks kept.
    assert.equal(await story.locator(".story").innerText(), STORY_BODY);
    assert.equal(await story.locator("b").count(), 0);
  });

  await scenario("the need page shows delivery, receipt and its ledger entries", async (page) => {
    await page.goto(`${base}/${state.needPath}`);
    await page.getByRole("heading", { name: NEED_TITLE }).waitFor();
    await page.getByText(/学校确认收到 ¥[1-9]/).waitFor();
    await page.getByText(/学校已确认/).first().waitFor();
    const ledger = page.getByTestId("need-ledger");
    await ledger.locator("li").first().waitFor();
    const text = await ledger.innerText();
    assert.match(text, /需求 #\d+/);
    assert.match(text, /对接 #\d+/);
    await shoot(page, "need");
  });

  await scenario("the public home shows the new figures, by province and by kind of donor", async (page) => {
    await page.goto(`${base}/#/`);
    const figures = page.getByTestId("figures");
    await figures.waitFor();
    const confirmed = figures.locator(".figure", { hasText: "学校已确认收到" }).locator("dd");
    const value = await confirmed.innerText();
    assert.ok(/[1-9]/.test(value), `confirmed value is ${value}`);
    await page.locator(".chart .bars").first().waitFor();
    await page.getByRole("heading", { name: "各类捐赠方已批准金额" }).waitFor();
    await page.getByLabel("查看范围（省份）").selectOption({ label: "山东省" });
    await page.getByRole("heading", { name: "山东省的数据" }).waitFor();
    assert.match(page.url(), /province=37/);
    assert.ok(/[1-9]/.test(await page.getByTestId("figures").locator(".figure", { hasText: "学校已确认收到" }).locator("dd").innerText()));
    await page.getByLabel("查看范围（省份）").selectOption({ label: "全国" });
    await page.getByRole("heading", { name: "全国的数据" }).waitFor();
    await page.locator(".chart .bars").first().waitFor();
    await shoot(page, "home");
  });

  await scenario("the ledger page verifies an entry of the need in the browser", async (page) => {
    // Sign a checkpoint now rather than wait for the scheduler's minute.
    await checkpoint();
    await page.goto(`${base}/${state.needPath}`);
    const link = page.getByTestId("need-ledger").getByRole("link", { name: /在账本页验证/ }).first();
    await link.waitFor();
    await link.click();
    await page.getByRole("heading", { name: "公开账本" }).waitFor();
    await page.getByTestId("checkpoint").waitFor();
    const verification = page.getByTestId("verification");
    await verification.getByText("已验证：这条记录包含在签名的账本中，签名有效。").waitFor();
    // Any entry of the list can be checked too.
    await page.getByRole("button", { name: /验证第 \d+ 条/ }).last().click();
    await verification.getByText("已验证：这条记录包含在签名的账本中，签名有效。").waitFor();
    await shoot(page, "ledger");
  });

  await scenario("a link with the page in its path, not the hash, opens that page", async (page) => {
    // /needs/<id>, as someone might type or share it: it showed the home page before.
    await page.goto(`${base}${state.needPath.slice(1)}`);
    await page.getByRole("heading", { name: NEED_TITLE }).waitFor();
    assert.equal(new URL(page.url()).hash, state.needPath);
    await page.goto(`${base}/ledger`);
    await page.getByRole("heading", { name: "公开账本" }).waitFor();
  });

  await scenario("a donor posts a money pledge with a cap in yuan and withdraws it", async (page) => {
    await login(page, "microenterprise-owner");
    await page.goto(`${base}/#/donor/new-pledge`);
    await page.getByLabel("资金").check();
    await page.fill("[name=title]", SPARE_PLEDGE_TITLE);
    await page.fill("[name=amountYuan]", "3000");
    await page.getByLabel("每所学校上限（元）").fill("1000");
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText("认捐已发布").waitFor();
    await page.getByRole("heading", { name: SPARE_PLEDGE_TITLE }).waitFor();
    await page.getByText(/每所学校最多 ¥1,000/).waitFor();
    // Withdrawing asks first; changing one's mind changes nothing.
    await page.getByRole("button", { name: "撤回认捐" }).click();
    const form = page.getByRole("form", { name: "撤回认捐" });
    await form.getByText(/剩余的 ¥3,000 不再用于对接/).waitFor();
    await form.getByRole("button", { name: "先不撤回" }).click();
    await page.locator(".badge", { hasText: "可用" }).first().waitFor();
    await page.getByRole("button", { name: "撤回认捐" }).click();
    await form.locator("[name=reason]").fill("预算调整");
    await form.getByRole("button", { name: "确认撤回" }).click();
    await page.getByText("认捐已撤回。").waitFor();
    await page.locator(".badge", { hasText: "已撤回" }).first().waitFor();
    const pledgeId = decodeURIComponent(new URL(page.url()).hash.split("?")[0].split("/").pop());
    const answer = await gql(page, "query($id: ID!) { node(id: $id) { ... on Pledge { status perSchoolCap quantity } } }", { id: pledgeId });
    assert.deepEqual(answer.data.node, { status: "WITHDRAWN", perSchoolCap: 100000, quantity: 300000 });
  });

  await scenario("a county official sees and verifies parties that are not schools", async (page) => {
    await login(page, "taian-official");
    await page.goto(`${base}/#/official`);
    const list = page.getByTestId("parties").first();
    await page.getByLabel("参与方类型", { exact: true }).first().selectOption({ label: "小微企业" });
    await page.getByLabel("显示", { exact: true }).first().selectOption({ label: "全部" });
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll("[data-testid=parties] li")];
      return items.length > 0 && items.every((li) => li.textContent.includes("小微企业"));
    });
    const text = await list.innerText();
    assert.match(text, /小微企业/);
    assert.doesNotMatch(text, /学校 /);
    const button = list.getByRole("button", { name: /核验/ }).first();
    if (await button.count()) {
      await button.click();
      await list.getByRole("button", { name: /确认核验/ }).first().click();
      await page.getByRole("status").filter({ hasText: /已核验：/ }).waitFor();
    }
    await shoot(page, "official-parties");
  });

  await scenario("a county official runs a dry matching run within the jurisdiction and watches it", async (page) => {
    await login(page, "taian-official");
    await page.goto(`${base}/#/official`);
    const section = page.getByRole("region", { name: "运行智能匹配" });
    await section.getByText("匹配范围：泰安市").waitFor();
    await section.getByLabel("区县").selectOption({ label: "肥城市" });
    await section.getByLabel("仅试算，不保存对接建议").check();
    await section.getByRole("button", { name: "开始匹配" }).click();
    const progress = section.getByTestId("run-progress");
    await progress.waitFor();
    await section.getByText(/匹配完成。|匹配失败/).waitFor({ timeout: 90000 });
    const text = await progress.innerText();
    assert.match(text, /匹配完成/);
    assert.equal(text.match(/已完成/g)?.length, 1, `the finished run says so once: ${text}`);
  });

  await scenario("the media editor retracts the story with a public reason, and it leaves the need page", async (page) => {
    assert.ok(state.story, "needs the story published before");
    await login(page, "media-editor");
    await page.goto(`${base}/#/media`);
    const ours = page.getByRole("region", { name: "本媒体已发布的报道" });
    const story = ours.getByTestId("story").filter({ hasText: STORY_TITLE });
    await story.getByRole("button", { name: "撤回" }).click();
    // No reason: said beside the field, nothing sent.
    await page.getByRole("button", { name: "确认撤回" }).click();
    await page.locator(".field", { has: page.getByLabel("撤回原因") }).getByText("请写明撤回的原因。").waitFor();
    await page.getByLabel("撤回原因").fill("报道写错了捐赠方的名字。");
    await page.getByRole("button", { name: "确认撤回" }).click();
    await page.getByRole("status").filter({ hasText: `报道“${STORY_TITLE}”已撤回` }).waitFor();
    await page.goto(`${base}/${state.needPath}`);
    await page.getByRole("heading", { name: NEED_TITLE }).waitFor();
    await page.getByTestId("need-ledger").locator("li").first().waitFor();
    assert.equal(await page.getByText(STORY_TITLE).count(), 0, "the retracted story is not on the need page");
  });

  await browser.close();
  // The policy forbids framing and anything from elsewhere; it must not stop the app itself.
  if (violations.length === 0) {
    results.push({ name: "nothing was refused by the Content-Security-Policy", ok: true });
    console.log("  ✓ nothing was refused by the Content-Security-Policy");
  } else {
    results.push({ name: "nothing was refused by the Content-Security-Policy", ok: false });
    console.log(`  ✗ the Content-Security-Policy refused:\n    ${[...new Set(violations)].slice(0, 5).join("\n    ")}`);
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0;
}
