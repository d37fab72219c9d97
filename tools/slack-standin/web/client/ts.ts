/** Orders Slack timestamps ("seconds.micros") without losing precision to floating point. */
export function compareTs(a: string, b: string): number {
  const [as = "", am = ""] = a.split(".");
  const [bs = "", bm = ""] = b.split(".");
  return Number(as) - Number(bs) || Number(am) - Number(bm);
}
