"""agents: the bank served to coding agents (DESIGN §12).

`mbtool context` builds budgeted context packs (`context`, `packing`, `bundle`,
`sections`); `queries`, `read` and `search` answer an agent's questions as plain data;
`live` keeps a long-running server's analysis current; `server` is the Model Context
Protocol server of `mbtool mcp`, and the only module that imports the `mcp` SDK.
"""
