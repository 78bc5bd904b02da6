-- A scripted Neovim session with the set-up from docs/editors.md (loaded with -u): open an
-- interview naming a missing contact, then create and delete the contact on disk (no
-- save; Neovim reports no file changes to servers), printing the diagnostics each time.
local kb = os.getenv("KB")
local function show(label)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(out, d.message) end
  io.stdout:write(label .. ": " .. table.concat(out, " | ") .. "\n")
end
vim.cmd("edit " .. kb .. "/interviews/2026-11-03-ivy-ross.md")
vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
show("opened")
local file = io.open(kb .. "/contacts/ivy-ross.md", "w")
file:write("---\nname: Ivy Ross\n---\n")
file:close()
vim.wait(10000, function() return #vim.diagnostic.get(0) == 0 end, 20)
show("created")
os.remove(kb .. "/contacts/ivy-ross.md")
vim.wait(10000, function() return #vim.diagnostic.get(0) > 0 end, 20)
show("deleted")
vim.cmd("edit " .. kb .. "/interviews/2026-11-04-ada-quill.md")
vim.wait(10000, function() return #vim.lsp.get_active_clients() > 0 end, 50)
vim.api.nvim_win_set_cursor(0, { 2, 10 })
local answers = vim.lsp.buf_request_sync(0, "textDocument/hover",
  vim.lsp.util.make_position_params(), 20000)
for _, answer in pairs(answers or {}) do
  if answer.result then io.stdout:write("hover: " .. answer.result.contents.value .. "\n") end
end
vim.cmd("qa!")
