import { expect, type Page, test } from "@playwright/test";
import { api, invite, openAsMember } from "../support.ts";

/**
 * A need's story, as two development members live it: Anna (en) asks for monthly support, says on
 * Home what it is for and posts an update; Борис (ru), in her network, reads both on her page.
 */

const openAs = (page: Page, member: string, path = "/") => openAsMember(page, member, { path });

test("a member tells what her need is for and posts an update; her network reads them", async ({
  page,
}, testInfo) => {
  await openAs(page, "anna");
  await expect(page.getByTestId("member-name")).toHaveText("Anna Dev");
  const me = await api<{ profile: { id: number; status: string } }>(
    page,
    "anna",
    "member.me",
    "query",
  );
  if (me.profile.status === "green") {
    await api(page, "anna", "member.changeStatus", "mutation", {
      action: "openMonthly",
      goal: 300_00,
    });
  }
  try {
    await invite(page, "anna", "boris");
    await page.reload();

    // On Home, under her progress, Anna writes the story: the counter follows as she types.
    const story = page.getByTestId("need-story");
    await expect(story).toBeVisible();
    const field = story.getByLabel("The story");
    await field.fill("Rent and food while I retrain as a nurse.");
    await expect(story.getByTestId("story-counter")).toHaveText("41 / 500");
    await field.fill("x".repeat(501));
    await expect(story.getByTestId("story-counter")).toHaveText("1 character too many");
    await field.fill("Rent and food while I retrain as a nurse.");
    await story.getByRole("button", { name: "Save the story" }).click();
    await expect(story.getByRole("status")).toHaveText("✓ Saved.");

    // An update: listed under the story, newest first; nobody helps Anna yet, and she is told so.
    const update = `Passed the first exam! Photos: https://example.org/exam (${testInfo.workerIndex}-${Date.now()})`;
    await story.getByLabel("A new update").fill(update);
    await story.getByRole("button", { name: "Post the update" }).click();
    await expect(
      story.getByText(
        "✓ Posted. Nobody is in your circle yet: it waits on your page for whoever opens it.",
      ),
    ).toBeVisible();
    await expect(story.getByTestId("story-updates").locator("li").first()).toContainText(update);
    await page.screenshot({ path: testInfo.outputPath("need-story-own.png"), fullPage: true });

    // Борис opens Anna's page and reads both, in Russian around them.
    await openAs(page, "boris", `/member/${me.profile.id}`);
    const seen = page.getByTestId("need-story");
    await expect(seen.getByRole("heading", { name: "На что нужна помощь" })).toBeVisible();
    await expect(seen.getByTestId("story-text")).toHaveText(
      "Rent and food while I retrain as a nurse.",
    );
    await expect(seen.getByTestId("story-updates")).toContainText(update);
    // A link in an update opens, as links in "about me" do; the rest stays plain text.
    await expect(
      seen.getByTestId("story-updates").getByRole("link", { name: "https://example.org/exam" }),
    ).toHaveAttribute("href", "https://example.org/exam");
    await expect(seen.getByRole("button")).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("need-story-seen.png"), fullPage: true });
  } finally {
    // Back to ✅, as the other specs expect to find her.
    const now = await api<{ profile: { status: string } }>(page, "anna", "member.me", "query");
    if (now.profile.status === "orange") {
      await api(page, "anna", "member.changeStatus", "mutation", { action: "closeMonthly" });
    }
  }
});
