console.log("dashboard");
