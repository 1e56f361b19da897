# inspect.signature() of functions written in Python (the port's own inspect module: PyScript's
# @when decides by it whether a handler takes the event), and inspect's predicates.
# needs frozen: inspect
import inspect


def no_parameters():
    pass


def event_handler(event):
    return event


def mixed(a, b=1, *args, c, **kwargs):
    pass


def generator(n, step=2):
    yield n


async def coroutine(x, *, timeout=None, retries=3, label):
    return x


def make_closure(scale):
    def scaled(value, offset=0):
        return value * scale + offset
    return scaled


for function in (no_parameters, event_handler, mixed, generator, coroutine, make_closure(2),
                 lambda: None, lambda x, y=3: None):
    sig = inspect.signature(function)
    print(str(sig), bool(sig.parameters), list(sig.parameters))
    for parameter in sig.parameters.values():
        default = "empty" if parameter.default is inspect.Parameter.empty else parameter.default
        print("  ", parameter.name, parameter.kind == inspect.Parameter.KEYWORD_ONLY, default)

print(inspect.isfunction(mixed), inspect.isfunction(len), inspect.isgeneratorfunction(generator),
      inspect.isgenerator(generator(1)), inspect.isclass(int), inspect.ismodule(inspect))
print([name for name, value in inspect.getmembers(inspect.Parameter) if name.isupper()])
