from viktorlite.cli.main import main

main(prog_name="viktorlite")  # `python -m viktorlite` names itself as the installed command does
