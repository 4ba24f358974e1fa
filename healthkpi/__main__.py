from healthkpi.cli.app import main

main()
