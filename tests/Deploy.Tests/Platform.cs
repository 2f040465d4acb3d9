// The deployment's scripts are POSIX shell run in Linux containers; their tests run them on Linux too.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
