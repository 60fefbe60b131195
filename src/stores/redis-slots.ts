/**
 * The part of a key Redis Cluster hashes to choose its slot: the text between the first `{`
 * and the next `}` when there is some, else the whole key.
 */
export function hashTagOf(key: string): string {
  const open = key.indexOf("{");
  if (open === -1) return key;
  const close = key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/**
 * The positions of `keys` grouped so that each group's keys share a hash tag, hence a slot:
 * one multi-key command per group is one a cluster accepts. The core's keys about one
 * identity share a tag, so the request's question is one group, one command.
 */
export function groupBySlot(keys: readonly string[]): number[][] {
  const groups = new Map<string, number[]>();
  keys.forEach((key, index) => {
    const tag = hashTagOf(key);
    const group = groups.get(tag);
    if (group === undefined) groups.set(tag, [index]);
    else group.push(index);
  });
  return [...groups.values()];
}
