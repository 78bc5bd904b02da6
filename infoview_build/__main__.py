from infoview_build.cli import main

main()
