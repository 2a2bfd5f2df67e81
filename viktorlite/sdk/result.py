"""``viktor.result``: results of buttons (DownloadResult, SetParamsResult, OptimizationResult, ...).

Empty for now: button support arrives in a later issue. The module exists so that
``from viktor.result import ...`` resolves and ``viktor`` can star-import it like the SDK does.
"""

__all__: list[str] = []
