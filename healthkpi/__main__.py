from healthkpi.cli.app import main

if __name__ == "__main__":  # a spawned child process imports this module again: it must not run
    main()
