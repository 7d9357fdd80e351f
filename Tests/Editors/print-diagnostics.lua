-- Run by test_neovim.py after Editors/neovim/airscript.lua has attached the server to the buffer:
-- waits for the diagnostics and writes one line per diagnostic (line:column code message) to
-- the file in $DIAGNOSTICS_OUT, then quits.
local out = assert(io.open(vim.env.DIAGNOSTICS_OUT, 'w'))
local arrived = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not arrived then out:write('no diagnostics\n') end
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  out:write(string.format('%d:%d %s %s\n', d.lnum + 1, d.col + 1, lsp.code or d.code or '?', (d.message:gsub('\n.*', ''))))
end
out:close()
vim.cmd('qa!')
