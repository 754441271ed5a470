-- Neovim (0.7+, Debian's) as a real LSP client of Portolan's server: open a manifest, wait for
-- the published diagnostics, hover a port, ask for completion. Prints lines the test reads.
-- Run: LSP_SERVER=dist/server.js TEST_FILE=... HOVER_LINE=.. HOVER_CHAR=.. COMPLETE_LINE=.. COMPLETE_CHAR=..
--      nvim --headless --clean -c 'luafile test/e2e/nvim_lsp.lua'
local server = os.getenv('LSP_SERVER') or error('set LSP_SERVER')
local file = os.getenv('TEST_FILE') or error('set TEST_FILE')
local function out(s) io.stdout:write(s .. '\n') end
local function num(name) return tonumber(os.getenv(name) or error('set ' .. name)) end

vim.cmd('edit ' .. file)
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'portolan',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
vim.lsp.buf_attach_client(bufnr, client_id)
local client = vim.lsp.get_client_by_id(client_id)
if not vim.wait(10000, function() return client.initialized end, 20) then
  out('FAIL: server did not initialize')
  vim.cmd('cq')
end

vim.wait(10000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  out(string.format('DIAG %d:%d %s %s', d.lnum, d.col, tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)), d.message))
end

local function at(line, character)
  return { textDocument = vim.lsp.util.make_text_document_params(bufnr), position = { line = line, character = character } }
end

local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', at(num('HOVER_LINE'), num('HOVER_CHAR')), 5000)
for _, r in pairs(hover or {}) do
  if r.result then out('HOVER ' .. (r.result.contents.value or vim.inspect(r.result.contents)):gsub('\n', ' ')) end
end

local completion = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', at(num('COMPLETE_LINE'), num('COMPLETE_CHAR')), 5000)
for _, r in pairs(completion or {}) do
  for _, item in ipairs(r.result and (r.result.items or r.result) or {}) do
    out('COMPLETION ' .. item.label .. ' ' .. (item.detail or ''))
  end
end

vim.lsp.stop_client(client_id)
out('DONE')
vim.cmd('qa!')
