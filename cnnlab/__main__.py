from cnnlab.cli.main import entry

entry()
