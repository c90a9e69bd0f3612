// The scenarios, in order: later ones build on what earlier ones did (the need the principal
// posts is the one the donor pledges to and the officials see).
import { chromium as playwright } from "playwright-core";
import { join } from "node:path";
import assert from "node:assert/strict";

const PASSWORD = "hope-demo-2026";
const stamp = Date.now().toString(36);
const NEED_TITLE = `图书角建设 e2e-${stamp}`;
const PLEDGE_TITLE = `桃农合作社助学金 e2e-${stamp}`;

function inDays(days) {
  const d = new Date(Date.now() + days * 86400000);
  return d.toISOString().slice(0, 10);
}

export async function runScenarios({ base, chromium, screenshots, output }) {
  const browser = await playwright.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
  const state = {};
  const results = [];

  async function session() {
    const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15000);
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error(`  page error: ${error.message}`));
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
    await page.getByRole("button", { name: "切换到英文" }).click();
    await page.getByText("Value of school needs").waitFor();
    await page.reload();
    await page.getByText("Value of school needs").waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
    assert.match(await page.getByTestId("figures").innerText(), /CN¥/);
  });

  await scenario("needs browser filters by province, city, county, category and scrolls for more", async (page) => {
    await page.goto(`${base}/#/needs`);
    const list = page.getByTestId("needs-list");
    await list.locator("article").first().waitFor();
    // Infinite scroll: the next page arrives when the end of the list comes into view.
    await page.locator(".list-end").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=needs-list] article").length > 20);
    await page.getByLabel("省份").selectOption({ label: "山东省" });
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
    await page.getByRole("button", { name: "提交" }).click();
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

  await scenario("a donor posts a money pledge, sees suggestions and pledges directly to the need", async (page) => {
    assert.ok(state.needPath, "needs the need of the previous scenario");
    await login(page, "microenterprise-owner");
    await page.goto(`${base}/#/donor/new-pledge`);
    await page.getByLabel("资金").check();
    await page.fill("[name=title]", PLEDGE_TITLE);
    await page.fill("[name=amountYuan]", "5000");
    await page.getByRole("button", { name: "提交" }).click();
    await page.getByText("认捐已发布").waitFor();
    await page.getByRole("heading", { name: "推荐对接的需求" }).waitFor();
    await page.locator(".loading").waitFor({ state: "detached" });
    await shoot(page, "pledge-suggestions");
    await page.goto(`${base}/${state.needPath}`);
    await page.getByRole("heading", { name: "直接认捐这条需求" }).waitFor();
    const pledgeOption = page.locator("option", { hasText: PLEDGE_TITLE });
    await page.getByLabel("使用哪项认捐").selectOption(await pledgeOption.getAttribute("value"));
    await page.getByLabel("对接哪项物品").selectOption({ index: 1 });
    await page.getByLabel("覆盖的物品数量").fill("2");
    await page.getByRole("button", { name: "提交认捐" }).click();
    await page.getByText("已提交，等待学校确认和官员批准。").waitFor();
    await shoot(page, "need");
    await page.goto(`${base}/#/donor`);
    await page.getByText(PLEDGE_TITLE).first().waitFor();
    await shoot(page, "donor");
  });

  await scenario("the principal accepts the donor's proposal, with the donor and the why shown", async (page) => {
    await login(page, "principal-bianyuan");
    await page.goto(`${base}/#/school`);
    const card = page.getByTestId("match-card").filter({ hasText: NEED_TITLE });
    await card.waitFor();
    assert.match(await card.innerText(), /桃农合作社/);
    await card.getByRole("button", { name: "接受" }).click();
    await card.getByText("已接受。").waitFor();
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
    const card = page.getByTestId("match-card").filter({ hasText: NEED_TITLE });
    await card.waitFor();
    assert.match(await card.innerText(), /推荐理由|捐赠方直接选择/);
    await shoot(page, "official");
    await card.getByRole("button", { name: "批准", exact: true }).click();
    await page.getByRole("status").filter({ hasText: `已批准。 ${NEED_TITLE}` }).waitFor();
    await page.goto(`${base}/${state.needPath}`);
    await page.getByText(/桃农合作社/).first().waitFor();
    await page.getByText("已批准").first().waitFor();
  });

  await scenario("an admin starts a matching run and watches its progress", async (page) => {
    await login(page, "platform-admin");
    await page.getByRole("link", { name: "平台管理" }).click();
    await page.getByLabel("省份").selectOption({ label: "山东省" });
    await page.getByLabel("城市").selectOption({ label: "泰安市" });
    await page.getByLabel("区县").selectOption({ label: "肥城市" });
    await page.getByLabel("仅试算，不保存对接建议").check();
    await page.getByRole("button", { name: "开始匹配" }).click();
    await page.getByTestId("run-progress").waitFor();
    await page.getByText(/匹配完成。|匹配失败/).waitFor({ timeout: 90000 });
    assert.match(await page.getByTestId("run-progress").innerText(), /匹配完成/);
    await shoot(page, "admin");
  });

  await scenario("the public home shows the new figures and charts", async (page) => {
    await page.goto(`${base}/#/`);
    await page.getByTestId("figures").waitFor();
    await page.locator(".recharts-surface").first().waitFor();
    await page.goto(`${base}/#/needs`);
    await page.getByTestId("needs-list").locator("article").first().waitFor();
    await page.goto(`${base}/#/`);
    await page.locator(".recharts-surface").first().waitFor();
    await shoot(page, "home");
  });

  await browser.close();
  const failed = results.filter((r) => !r.ok);
  console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length === 0;
}
