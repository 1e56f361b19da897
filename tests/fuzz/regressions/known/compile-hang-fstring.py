# Open bug (upstream py/ lexer or parser, v1.23.0): compiling this line never ends (found by tests/fuzz/test_fuzz.py).
''f'{[(('}'>2),'{}'.t()[([])])[''()],[{''(((()()))>6)(lambda:())}for i in()if j](())[()]]f'{}'
