"""The code a pooled kernel runs: a snapshot of its start-up state, and the reset to it.

:data:`SETUP_CODE` runs once in a new kernel (after the heavy imports) and keeps the state a
fresh kernel has; :data:`RESET_CODE` runs before every notebook and restores it: user namespace,
execution count, matplotlib rcParams, inline-backend settings and display formatters, pandas
options, warning filters, ``sys.path``, working folder and environment. Imported modules stay.
Used by :mod:`assen_eval.build.kernels`.
"""

from __future__ import annotations

__all__ = ["RESET_CODE", "SETUP_CODE"]

# Run once in a new kernel: pre-import the heavy libraries and snapshot the start-up state.
SETUP_CODE = """
def __assen_eval_setup():
    import os, sys, types, warnings
    ip = get_ipython()
    state = types.ModuleType("__assen_eval_kernel_state__")
    sys.modules[state.__name__] = state
    state.rc = state.inline = state.pd_options = None
    try:
        import pandas
        from pandas._config import config as pd_config
        state.pd_options = {k: pandas.get_option(k) for k in pd_config._registered_options
                            if k not in pd_config._deprecated_options}
    except Exception:
        pass
    try:
        import matplotlib, matplotlib.pyplot
        state.rc = dict(matplotlib.rcParams)
        from matplotlib_inline.config import InlineBackend
        backend = InlineBackend.instance()
        state.inline = {k: getattr(backend, k) for k in
                        ("figure_formats", "print_figure_kwargs", "close_figures", "rc")}
    except Exception:
        pass
    state.formatters = {k: (dict(f.type_printers), dict(f.deferred_printers))
                        for k, f in ip.display_formatter.formatters.items()}
    state.warning_filters = list(warnings.filters)
    state.path = list(sys.path)
    state.cwd = os.getcwd()
    state.environ = dict(os.environ)
__assen_eval_setup()
del __assen_eval_setup
"""

# Run before every notebook: back to the snapshot (a fresh kernel's state, imports kept).
RESET_CODE = """
def __assen_eval_reset():
    import os, sys, warnings
    ip = get_ipython()
    state = sys.modules["__assen_eval_kernel_state__"]
    ip.reset(new_session=False)
    if state.pd_options is not None:
        import pandas
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for key, value in state.pd_options.items():
                if pandas.get_option(key) is not value:
                    pandas.set_option(key, value)
    if state.rc is not None:
        import matplotlib, matplotlib.pyplot as plt
        plt.close("all")
        dict.update(matplotlib.rcParams, state.rc)
    if state.inline is not None:
        from matplotlib_inline.config import InlineBackend
        backend = InlineBackend.instance()
        for key, value in state.inline.items():
            if getattr(backend, key) != value:
                setattr(backend, key, value)
    for key, formatter in ip.display_formatter.formatters.items():
        if key in state.formatters:
            formatter.type_printers = dict(state.formatters[key][0])
            formatter.deferred_printers = dict(state.formatters[key][1])
    warnings.filters[:] = state.warning_filters
    getattr(warnings, "_filters_mutated", lambda: None)()
    sys.path[:] = state.path
    os.chdir(state.cwd)
    os.environ.clear()
    os.environ.update(state.environ)
    ip.execution_count = 1
__assen_eval_reset()
"""
