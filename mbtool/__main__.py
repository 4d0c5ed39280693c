from mbtool.cli import main

main()
