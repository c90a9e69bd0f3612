import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";

/** Fills everything the need form requires (in Chinese), once the form is on screen. */
export async function fillValidNeed() {
  await userEvent.type(await screen.findByLabelText("标题"), "图书角");
  await userEvent.selectOptions(screen.getAllByLabelText("类别")[0], "LIBRARY");
  fireEvent.change(screen.getByLabelText("截止日期"), { target: { value: "2027-01-01" } });
  const item = within(screen.getByTestId("item-0"));
  await userEvent.type(item.getByLabelText("物品名称和说明"), "书架");
  await userEvent.type(item.getByLabelText("单位"), "个");
  await userEvent.type(item.getByLabelText("单价（元）"), "350");
}
