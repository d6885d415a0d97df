using Cart.Sample;
using CartStorage;

var builder = WebApplication.CreateBuilder(args);

// The backend is chosen by configuration only (appsettings.json, environment): see README.md.
var cart = builder.Services.AddCartStorage(builder.Configuration.GetSection(CartStorageOptions.SectionName));
SampleBackends.Register(cart, builder.Configuration);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<CartErrors>();
builder.Services.AddSession(o => o.Cookie.Name = ".cart.session");
builder.Services.AddHealthChecks().AddCartStorage();

var app = builder.Build();
app.UseExceptionHandler();
app.UseSession();
app.MapCartEndpoints();
app.MapHealthChecks("/health");
app.Run();

/// <summary>The sample's entry point, visible to its end-to-end tests.</summary>
public partial class Program;
