/** Rows the pages' tests answer with, as the API would send them; each test overrides what it
 * is about. */

/** Regions as the API names them: in Chinese (`name`) and in English (`nameEn`). */
export const SHANDONG = { code: "37", name: "山东省", nameEn: "Shandong Province" };
export const TAIAN = { code: "3709", name: "泰安市", nameEn: "Tai'an City" };
export const FEICHENG = { code: "370983", name: "肥城市", nameEn: "Feicheng City" };
export const XINTAI = { code: "370982", name: "新泰市", nameEn: "Xintai City" };
export const HUBEI = { code: "42", name: "湖北省", nameEn: "Hubei Province" };
export const JINGZHOU = { code: "4210", name: "荆州市", nameEn: "Jingzhou City" };
export const SONGZI = { code: "421087", name: "松滋市", nameEn: "Songzi City" };

/** A connection with nothing in it. */
export const EMPTY = { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };

/** A proposal of ¥700 (two shelves) from the peach growers to the Bianyuan school; ``n`` tells
 * matches, needs and items apart. */
/** ``base`` with what ``extra`` gives in place of its own fields, typed so. */
function overridden<B extends object, E extends object>(base: B, extra?: E): Omit<B, keyof E> & E {
  return { ...base, ...extra } as unknown as Omit<B, keyof E> & E;
}

export function proposal<E extends object = object>(n: number, title: string, extra?: E) {
  return overridden({
    id: `TWF0Y2g6${n}`,
    status: "PROPOSED",
    origin: "ENGINE",
    pledgeQuantity: 70000,
    itemQuantity: 2,
    valueFen: 70000,
    score: 120,
    explanation: [],
    regionCode: "370983",
    schoolAcceptedAt: null,
    donorAcceptedAt: null,
    decidedAt: null,
    reason: null,
    createdAt: "2026-11-01T00:00:00+00:00",
    school: { id: "U2Nob29sOjE", name: "肥城市边院镇希望小学", region: FEICHENG },
    donor: { id: "UGFydHk6Nw", name: "桃农合作社", kind: "MICROENTERPRISE", verifiedAt: null },
    need: { id: `TmVlZDo${n}`, title },
    needItem: { id: `TmVlZEl0ZW06${n}`, description: "书架", unit: "个", quantity: 4, remainingQuantity: 4 },
    pledge: { id: "UGxlZGdlOjE", title: "助学金", kind: "MONEY", unit: "FEN" },
  }, extra);
}

/** An open library need of the Songzi school, with no items unless given. */
export function openNeed<E extends object = object>(id: string, title: string, extra?: E) {
  return overridden({
    __typename: "Need",
    id,
    title,
    story: "学校的话",
    category: "LIBRARY",
    urgency: "MEDIUM",
    deadline: "2027-06-30",
    beneficiaries: 100,
    status: "OPEN",
    totalValueFen: 100000,
    regionCode: "421087",
    createdAt: "2026-11-01T00:00:00+00:00",
    updatedAt: "2026-11-01T00:00:00+00:00",
    school: { id: "U2Nob29sOjE", name: "松滋市希望小学", town: null, students: 300, leftBehindChildren: 40, boarding: false, hopeSchool: true, povertyTier: "NONE", verifiedAt: null, region: SONGZI },
    region: { ...SONGZI, parent: JINGZHOU },
    items: [],
  }, extra);
}
