-- airscript lsp in Neovim 0.7 and later (Debian 12 ships 0.7.2, which has no vim.lsp.start):
-- one server for the session, attached to YAML, JSON and .airscript buffers. The server reads
-- only mapping files among YAML and JSON files and leaves the others alone.
vim.filetype.add({ extension = { airscript = 'airscript' } })

local airscript_client
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'yaml', 'json', 'airscript' },
  callback = function(args)
    airscript_client = airscript_client or vim.lsp.start_client({
      name = 'airscript',
      cmd = { vim.env.AIRSCRIPT or 'airscript', 'lsp' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, airscript_client)
  end,
})
