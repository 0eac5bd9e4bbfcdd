import * as x from "../../../core/items/item.js";

export const y = x;
