using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CartStorage;

/// <summary>Fails startup when <c>Cart:Driver</c> names a backend whose package was not registered.</summary>
internal sealed class CartDriverValidator(IServiceProvider services) : IValidateOptions<CartStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, CartStorageOptions options)
    {
        var registered = services.GetService<IServiceProviderIsKeyedService>()?.IsKeyedService(typeof(ICartStorage), options.Driver) ?? true;
        return registered ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Missing(options.Driver));
    }

    public static string Missing(CartDriver driver) => driver switch
    {
        CartDriver.Database => "Cart:Driver is 'Database' but no database backend is registered: add package CartStorage.Sqlite or CartStorage.PostgreSql and call .AddSqlite() or .AddPostgreSql() on AddCartStorage(...).",
        CartDriver.Session => "Cart:Driver is 'Session' but no session backend is registered: add package CartStorage.AspNetCore and call .AddSession() on AddCartStorage(...).",
        _ => $"Cart:Driver is '{driver}' but no backend is registered for it.",
    };
}
