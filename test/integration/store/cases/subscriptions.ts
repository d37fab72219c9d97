/** Store cases: subscribing, listing, muting and broken channels (run once per backend by store.test.ts). */
import { describe, expect, it } from "vitest";
import { at, MINUTE, type StoreHarness, subscription, subscriptionKey, T0, watchOf } from "../harness.js";

export function subscriptionsCases(harness: StoreHarness): void {
  describe("subscriptions", () => {
    it("subscribes once; a repeated subscribe changes only what it asks for", async () => {
      const store = await harness.open();
      const first = await store.subscribe(subscription({ mention: "<@U9>" }));
      expect(first.created).toBe(true);
      expect(first.subscription).toMatchObject({
        teamId: "T1",
        channelId: "C1",
        namespace: "ns-main",
        retrieverId: "ret_alpha",
        retrieverName: "Alpha search",
        mention: "<@U9>",
        createdBy: "U1",
        createdAt: T0,
        mutedUntil: null,
        mutedCount: 0,
        brokenReason: null,
      });

      // Someone else subscribes again without asking for anything: nothing changes but Mixpeek's name.
      const again = await store.subscribe(
        subscription({ retrieverName: "Alpha v2", createdBy: "U2", mention: null, now: at(MINUTE) }),
      );
      expect(again).toMatchObject({ created: false, changed: false, previous: first.subscription });
      expect(again.subscription.id).toBe(first.subscription.id);
      expect(again.subscription).toMatchObject({
        retrieverName: "Alpha v2",
        mention: "<@U9>",
        createdBy: "U1",
        createdAt: T0,
        updatedBy: null,
        updatedAt: null,
      });
      expect(await store.getSubscription(first.subscription.id)).toEqual(again.subscription);

      // Asking for another mention changes it, and records who and when; the creator stays.
      const changed = await store.subscribe(
        subscription({ createdBy: "U3", mention: "<@U3>", now: at(2 * MINUTE) }),
      );
      expect(changed).toMatchObject({ created: false, changed: true, previous: { mention: "<@U9>" } });
      expect(changed.subscription).toMatchObject({
        mention: "<@U3>",
        createdBy: "U1",
        updatedBy: "U3",
        updatedAt: at(2 * MINUTE),
      });
      // The same mention again is no change.
      const same = await store.subscribe(
        subscription({ createdBy: "U4", mention: "<@U3>", now: at(3 * MINUTE) }),
      );
      expect(same).toMatchObject({ changed: false, subscription: { updatedBy: "U3" } });
    });

    it("records who muted and unmuted, but not a mute that ran out by itself", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      await store.setMute(sub.id, at(30 * MINUTE), { by: "U7", at: at(MINUTE) });
      expect(await store.getSubscription(sub.id)).toMatchObject({ updatedBy: "U7", updatedAt: at(MINUTE) });
      await store.clearMute(sub.id, at(2 * MINUTE), "U8");
      expect(await store.getSubscription(sub.id)).toMatchObject({
        updatedBy: "U8",
        updatedAt: at(2 * MINUTE),
      });
      await store.setMute(sub.id, at(3 * MINUTE), { by: "U7", at: at(2 * MINUTE) });
      await store.clearMute(sub.id, at(4 * MINUTE));
      expect(await store.getSubscription(sub.id)).toMatchObject({
        updatedBy: "U7",
        updatedAt: at(2 * MINUTE),
      });
    });

    it("remembers that a channel was told its namespace is refused, until it is cleared", async () => {
      const store = await harness.open();
      const a = (await store.subscribe(subscription())).subscription;
      const b = (await store.subscribe(subscription({ channelId: "C2" }))).subscription;
      await store.setNamespaceRefused([a.id, b.id], at(MINUTE));
      expect((await store.getSubscription(a.id))?.namespaceRefusedAt).toEqual(at(MINUTE));
      await store.setNamespaceRefused([a.id], null);
      expect((await store.getSubscription(a.id))?.namespaceRefusedAt).toBeNull();
      expect((await store.getSubscription(b.id))?.namespaceRefusedAt).toEqual(at(MINUTE));
      await store.setNamespaceRefused([], null);
    });

    it("lists by channel and by team, and unsubscribes by key or id", async () => {
      const store = await harness.open();
      const a = await store.subscribe(subscription());
      const b = await store.subscribe(
        subscription({ retrieverId: "ret_beta", retrieverName: "Beta", now: at(1) }),
      );
      const c = await store.subscribe(subscription({ channelId: "C2" }));
      await store.subscribe(subscription({ teamId: "T2" }));

      const channel = await store.listChannelSubscriptions("T1", "C1");
      expect(channel.map((s) => s.id)).toEqual([a.subscription.id, b.subscription.id]);
      expect((await store.listTeamSubscriptions("T1")).map((s) => s.channelId)).toEqual(["C1", "C1", "C2"]);

      const alert = await store.claimAlert({
        kind: "failure",
        subscriptionId: a.subscription.id,
        executionId: "exe_1",
        executionCreatedAt: T0,
        owner: "r1",
        now: T0,
      });
      await store.startThread(a.subscription.id, "1.0", T0, at(-MINUTE));
      const removed = await store.unsubscribe(subscriptionKey());
      expect(removed?.id).toBe(a.subscription.id);
      expect(await store.unsubscribe(subscriptionKey())).toBeNull();
      // Its alerts and thread go with it (foreign keys are enforced on SQLite too).
      expect(await store.getAlert(alert!.id)).toBeNull();
      expect(await store.getThread(a.subscription.id)).toBeNull();
      expect((await store.deleteSubscription(c.subscription.id))?.channelId).toBe("C2");
      expect(await store.deleteSubscription(c.subscription.id)).toBeNull();
      expect(await store.getSubscription(a.subscription.id)).toBeNull();
      expect((await store.listTeamSubscriptions("T1")).map((s) => s.id)).toEqual([b.subscription.id]);
    });

    it("counts failures held back by a mute and rolls them up when it is cleared", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      const claim = (executionId: string, now: Date) =>
        store.claimAlert({
          kind: "failure",
          subscriptionId: sub.id,
          executionId,
          executionCreatedAt: now,
          owner: "r1",
          now,
        });

      await store.setMute(sub.id, at(30 * MINUTE));
      expect((await claim("exe_1", at(MINUTE)))?.state).toBe("muted");
      expect((await claim("exe_2", at(2 * MINUTE)))?.state).toBe("muted");
      expect(await store.getSubscription(sub.id)).toMatchObject({
        mutedUntil: at(30 * MINUTE),
        mutedCount: 2,
      });

      const cleared = await store.clearMute(sub.id, at(3 * MINUTE));
      expect(cleared?.mutedCount).toBe(2);
      expect(cleared?.alerts.map((a) => [a.executionId, a.state])).toEqual([
        ["exe_1", "rolled_up"],
        ["exe_2", "rolled_up"],
      ]);
      expect(cleared?.subscription).toMatchObject({ mutedUntil: null, mutedCount: 0 });
      expect(cleared?.ended).toBe(true);
      expect(await store.clearMute(sub.id, at(4 * MINUTE))).toMatchObject({ ended: false, mutedCount: 0 });
      expect((await claim("exe_3", at(5 * MINUTE)))?.state).toBe("claimed");

      await store.setMute(sub.id, at(6 * MINUTE));
      expect((await claim("exe_4", at(7 * MINUTE)))?.state).toBe("claimed"); // the mute has run out
      expect(await store.clearMute(9_999, T0)).toBeNull();

      // Replicas ending the same mute at once: exactly one of them ended it.
      await store.setMute(sub.id, at(8 * MINUTE));
      const racing = await Promise.all([1, 2, 3].map(() => store.clearMute(sub.id, at(9 * MINUTE))));
      expect(racing.filter((c) => c?.ended)).toHaveLength(1);
      expect(racing.every((c) => c?.subscription.mutedUntil === null)).toBe(true);
    });

    it("stops alerting a broken channel until it is cleared or resubscribed", async () => {
      const store = await harness.open();
      const { subscription: sub } = await store.subscribe(subscription());
      const broken = await store.markBroken(sub.id, "not_in_channel", at(MINUTE));
      expect(broken).toMatchObject({ brokenReason: "not_in_channel", brokenAt: at(MINUTE) });
      expect(await store.listWatchSubscribers(watchOf("ns-main", "ret_alpha"))).toEqual([]);
      expect(await store.getWatch(watchOf("ns-main", "ret_alpha"))).toBeNull();
      const claim = {
        kind: "failure" as const,
        subscriptionId: sub.id,
        executionCreatedAt: T0,
        owner: "r1",
        now: at(2 * MINUTE),
      };
      expect(await store.claimAlert({ ...claim, executionId: "exe_1" })).toBeNull();

      expect((await store.clearBroken(sub.id, at(3 * MINUTE)))?.brokenReason).toBeNull();
      expect((await store.getWatch(watchOf("ns-main", "ret_alpha")))?.watermark).toEqual(at(3 * MINUTE));
      expect(await store.claimAlert({ ...claim, executionId: "exe_1" })).not.toBeNull();

      await store.markBroken(sub.id, "channel_not_found", at(4 * MINUTE));
      const again = await store.subscribe(subscription({ now: at(5 * MINUTE) }));
      expect(again).toMatchObject({ created: false, subscription: { brokenReason: null, brokenAt: null } });
    });
  });
}
