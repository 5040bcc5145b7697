import { describe, expect, it } from "vitest";
import { MAX_PAYMENT_LABEL } from "../profile.ts";
import { resources } from "./index.ts";

/** Telegram refuses a popup whose title or a button is over 64 characters, or a message over 256. */
const TITLE = 64;
const MESSAGE = 256;

describe("Telegram popups of the profile, the status form, clearing, initiatives and pools", () => {
  for (const [language, r] of Object.entries(resources)) {
    it(`fit Telegram's limits in ${language}`, () => {
      const longestLabel = "x".repeat(MAX_PAYMENT_LABEL);
      const popups = [
        {
          title: r.profile.leave.confirmTitle,
          message: r.profile.leave.confirm,
          buttons: [r.profile.leave.confirmOk, r.profile.leave.stay],
        },
        {
          title: r.profile.payment.deleteTitle,
          message: r.profile.payment.deleteMessage.replace("{{label}}", longestLabel),
          buttons: [r.profile.payment.deleteOk, r.profile.payment.keep],
        },
        {
          title: r.statusForm.confirmCloseTitle,
          message: r.statusForm.confirmClose,
          buttons: [r.statusForm.confirmCloseOk, r.statusForm.keep],
        },
        {
          title: r.clearing.offerAllTitle,
          message: r.clearing.offerAllMessage,
          buttons: [r.clearing.offerAllOk, r.clearing.cancel],
        },
        {
          title: r.clearing.declineTitle,
          message: r.clearing.declineMessage,
          buttons: [r.clearing.declineOk, r.clearing.cancel],
        },
        {
          title: r.pool.leaveTitle,
          message: r.pool.leaveMessage,
          buttons: [r.pool.leaveOk, r.pool.cancel],
        },
        {
          title: r.pool.declineTitle,
          message: r.pool.declineMessage.replace("{{amount}}", "1 000 000,00 USD"),
          buttons: [r.pool.declineOk, r.pool.cancel],
        },
        {
          title: r.statusForm.confirmEndTitle,
          message: r.statusForm.confirmEnd,
          buttons: [r.statusForm.confirmEndOk, r.statusForm.keep],
        },
        {
          title: r.initiatives.initiator.cancelTitle,
          message: r.initiatives.initiator.cancelMessage,
          buttons: [r.initiatives.initiator.cancelOk, r.initiatives.initiator.keep],
        },
        {
          title: r.initiatives.pledge.confirmTitle,
          // The longest amount a pledge may be, as a language writes it.
          message: r.initiatives.pledge.confirmMessage.replace("{{amount}}", "10 000 000,00 USD"),
          buttons: [r.initiatives.pledge.confirmOk, r.initiatives.pledge.cancel],
        },
      ];
      for (const popup of popups) {
        expect(popup.title.length, popup.title).toBeLessThanOrEqual(TITLE);
        expect(popup.message.length, popup.message).toBeLessThanOrEqual(MESSAGE);
        for (const button of popup.buttons) expect(button.length).toBeLessThanOrEqual(TITLE);
      }
    });
  }
});
